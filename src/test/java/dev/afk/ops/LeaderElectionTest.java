package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.afk.plane.ClusterConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.master.MasterEndpoint;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.component.quartz.StatefulCamelJob;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerKey;

/**
 * The tick routes' trigger, exactly as the route files write it: {@code uri: "{{afk.leader-prefix}}quartz:afk/poll"}
 * with the Quartz options in {@code parameters:}. Runs the real Camel Main with {@link ClusterConfiguration}.
 */
class LeaderElectionTest {

    /** The trigger as the poll route writes it; only {@code cron} differs per test. */
    private static final String TICK_ROUTE = """
            - route:
                id: tick
                from:
                  id: tick-trigger
                  uri: "{{afk.leader-prefix}}quartz:afk/poll"
                  parameters:
                    cron: "{{test.cron}}"
                    stateful: true
                  steps:
                    - to: mock:fired
            """;

    private static final String FAR_FUTURE = "0 0 0 1 1 ? 2099";
    private static final String EVERY_SECOND = "* * * * * ?";

    @TempDir
    Path routes;

    @TempDir
    Path locks;

    @Test
    void camelMainsBasePackageScanFindsTheClusterConfiguration() throws Exception {
        CamelContext scan = new DefaultCamelContext();
        try {
            var found = PluginHelper.getPackageScanClassResolver(scan)
                    .findImplementations(CamelConfiguration.class, "dev.afk");
            assertThat(found).contains(ClusterConfiguration.class);
        } finally {
            scan.close();
        }
    }

    @Test
    void withoutAClusterTheEmptyPrefixLeavesAPlainQuartzTriggerWithItsOptions() throws Exception {
        // Exactly the line application.properties carries, with the variable unset.
        try (MainRunner node = node("solo", "none", "{{env:AFK_LEADER_PREFIX_NEVER_SET:}}", FAR_FUTURE)) {
            CamelContext ctx = node.context();
            assertThat(ctx.getRoute("tick").getEndpoint()).isInstanceOf(QuartzEndpoint.class);
            assertQuartzTrigger(ctx, FAR_FUTURE);
        }
    }

    @Test
    void theMasterPrefixPassesCronAndStatefulThroughToTheQuartzDelegate() throws Exception {
        try (MainRunner node = node("leader", "file", "master:ticks:", FAR_FUTURE)) {
            CamelContext ctx = node.context();
            assertThat(ctx.getRoute("tick").getEndpoint()).isInstanceOfSatisfying(MasterEndpoint.class,
                    m -> assertThat(m.getEndpointUri()).startsWith("master:ticks:quartz:afk/poll"));
            // The delegate consumer starts once this node leads the 'ticks' group (the first attempt waits ~10 s).
            CamelClusterView view = ctx.hasService(FileLockClusterService.class).getView("ticks");
            await().atMost(Duration.ofSeconds(30)).until(() -> view.getLocalMember().isLeader());
            assertQuartzTrigger(ctx, FAR_FUTURE);
        }
    }

    @Test
    void ofTwoReplicasSharingALockOnlyTheLeaderTicksAndTheOtherTakesOverWhenItStops() throws Exception {
        MainRunner a = node("node-a", "file", "master:ticks:", EVERY_SECOND);
        MainRunner b = node("node-b", "file", "master:ticks:", EVERY_SECOND);
        try {
            MockEndpoint firedA = a.context().getEndpoint("mock:fired", MockEndpoint.class);
            MockEndpoint firedB = b.context().getEndpoint("mock:fired", MockEndpoint.class);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> firedA.getReceivedCounter() + firedB.getReceivedCounter() >= 3);
            assertThat(firedA.getReceivedCounter() == 0 || firedB.getReceivedCounter() == 0)
                    .as("only one replica ticks (a=%d, b=%d)", firedA.getReceivedCounter(), firedB.getReceivedCounter())
                    .isTrue();

            MainRunner leader = firedA.getReceivedCounter() > 0 ? a : b;
            MockEndpoint follower = leader == a ? firedB : firedA;
            leader.close();
            await().atMost(Duration.ofSeconds(60)).until(() -> follower.getReceivedCounter() >= 1);
        } finally {
            a.close();
            b.close();
        }
    }

    private static void assertQuartzTrigger(CamelContext ctx, String cron) throws Exception {
        QuartzEndpoint quartz = ctx.getEndpoints().stream()
                .filter(QuartzEndpoint.class::isInstance).map(QuartzEndpoint.class::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no quartz endpoint yet"));
        assertThat(quartz.getCron()).isEqualTo(cron);
        assertThat(quartz.isStateful()).isTrue();

        Scheduler scheduler = ctx.getComponent("quartz", QuartzComponent.class).getScheduler();
        Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey("poll", "afk"));
        assertThat(trigger).isInstanceOfSatisfying(CronTrigger.class,
                t -> assertThat(t.getCronExpression()).isEqualTo(cron));
        JobDetail job = scheduler.getJobDetail(trigger.getJobKey());
        assertThat(job.getJobClass()).isEqualTo(StatefulCamelJob.class);
        assertThat(job.isConcurrentExecutionDisallowed()).isTrue();
    }

    private MainRunner node(String name, String cluster, String prefix, String cron) throws Exception {
        writeRoute();
        Map<String, String> p = new HashMap<>();
        p.put("camel.main.name", name);
        p.put("camel.main.jmxEnabled", "false");
        p.put("camel.main.routesIncludePattern", "file:" + routes.toAbsolutePath() + "/*.camel.yaml");
        p.put("afk.cluster", cluster);
        p.put("afk.leader-prefix", prefix);
        p.put("afk.cluster-file-root", locks.toAbsolutePath().toString());
        p.put("test.cron", cron);
        return MainRunner.start(p, true, ClusterConfiguration.class);
    }

    private void writeRoute() throws IOException {
        Files.writeString(routes.resolve("tick.camel.yaml"), TICK_ROUTE);
    }
}
