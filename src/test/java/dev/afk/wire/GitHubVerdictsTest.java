package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.core.CheckEvidence;
import dev.afk.core.CiVerdict;
import dev.afk.core.DeployVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** GitHub CI and deploy verdicts (docs/reference/trackers.md §8-§9), table-driven. */
class GitHubVerdictsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEPLOY = "deploy/production";
    static final String NO_STATUSES = "{'state':'pending','total_count':0,'statuses':[]}";

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<JsonNode> runs(String... runs) {
        List<JsonNode> out = new ArrayList<>();
        for (String r : runs) {
            out.add(json(r));
        }
        return out;
    }

    static String run(String name, String status, String conclusion) {
        return "{'name':'" + name + "','status':'" + status + "','conclusion':"
                + (conclusion == null ? "null" : "'" + conclusion + "'")
                + ",'html_url':'https://ci/" + name + "','output':{'title':'" + name + " says " + conclusion + "'}}";
    }

    static String combined(String... contextStates) {
        StringBuilder s = new StringBuilder("{'state':'x','total_count':" + contextStates.length + ",'statuses':[");
        for (int i = 0; i < contextStates.length; i++) {
            String[] cs = contextStates[i].split("=");
            s.append(i == 0 ? "" : ",").append("{'context':'").append(cs[0]).append("','state':'").append(cs[1])
                    .append("','description':'").append(cs[0]).append(" is ").append(cs[1])
                    .append("','target_url':'https://ext/").append(cs[0]).append("'}");
        }
        return s.append("]}").toString();
    }

    static Stream<Arguments> ciCases() {
        return Stream.of(
                Arguments.of("nothing reported yet", runs(), NO_STATUSES, CiVerdict.State.NONE),
                Arguments.of("Actions only, all green (combined status pending with 0 contexts for ever)",
                        runs(run("build", "completed", "success"), run("lint", "completed", "skipped"),
                                run("docs", "completed", "neutral")), NO_STATUSES, CiVerdict.State.SUCCESS),
                Arguments.of("Actions only, one still running", runs(run("build", "completed", "success"),
                        run("test", "in_progress", null)), NO_STATUSES, CiVerdict.State.PENDING),
                Arguments.of("Actions only, one queued", runs(run("test", "queued", null)), NO_STATUSES,
                        CiVerdict.State.PENDING),
                Arguments.of("a run failed", runs(run("build", "completed", "success"),
                        run("test", "completed", "failure")), NO_STATUSES, CiVerdict.State.FAILURE),
                Arguments.of("a run timed out: CI's own failure", runs(run("test", "completed", "timed_out")),
                        NO_STATUSES, CiVerdict.State.INFRA),
                Arguments.of("a run was cancelled: CI's own failure", runs(run("test", "completed", "cancelled")),
                        NO_STATUSES, CiVerdict.State.INFRA),
                Arguments.of("a run waits for an action: CI's own failure, beating a pending run",
                        runs(run("a", "in_progress", null), run("b", "completed", "action_required")), NO_STATUSES,
                        CiVerdict.State.INFRA),
                Arguments.of("a stale run is a failure", runs(run("test", "completed", "stale")), NO_STATUSES,
                        CiVerdict.State.FAILURE),
                Arguments.of("a failure beats a pending run", runs(run("a", "in_progress", null),
                        run("b", "completed", "failure")), NO_STATUSES, CiVerdict.State.FAILURE),
                Arguments.of("a real failure beats CI's own", runs(run("a", "completed", "cancelled"),
                        run("b", "completed", "failure")), combined("ci/jenkins=error"), CiVerdict.State.FAILURE),
                Arguments.of("a failed status beats a timed-out run", runs(run("a", "completed", "timed_out")),
                        combined("ci/jenkins=failure"), CiVerdict.State.FAILURE),
                Arguments.of("external status only, success", runs(), combined("ci/jenkins=success"),
                        CiVerdict.State.SUCCESS),
                Arguments.of("external status only, pending", runs(), combined("ci/jenkins=pending"),
                        CiVerdict.State.PENDING),
                Arguments.of("external status only, error: the CI system failed", runs(),
                        combined("ci/jenkins=error"), CiVerdict.State.INFRA),
                Arguments.of("an error status beats a pending one", runs(),
                        combined("ci/jenkins=error", "ci/sonar=pending"), CiVerdict.State.INFRA),
                Arguments.of("green runs but a failed status", runs(run("build", "completed", "success")),
                        combined("ci/jenkins=failure"), CiVerdict.State.FAILURE),
                Arguments.of("green runs and green statuses", runs(run("build", "completed", "success")),
                        combined("ci/jenkins=success", "ci/sonar=success"), CiVerdict.State.SUCCESS),
                Arguments.of("only the deploy status: no CI", runs(), combined(DEPLOY + "=success"),
                        CiVerdict.State.NONE),
                Arguments.of("a failed deploy is not a CI failure", runs(run("build", "completed", "success")),
                        combined(DEPLOY + "=failure"), CiVerdict.State.SUCCESS),
                Arguments.of("a deploy check run is not CI either", runs(run(DEPLOY, "completed", "failure"),
                        run("build", "completed", "success")), NO_STATUSES, CiVerdict.State.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciCases")
    void ciVerdictFollowsTheCheckRunsPlusCombinedStatusRule(String name, List<JsonNode> checkRuns, String status,
            CiVerdict.State expected) {
        assertThat(GitHubVerdicts.ci(checkRuns, json(status), DEPLOY).state()).isEqualTo(expected);
    }

    @Test
    void evidenceListsEveryNonGreenRunAndContextWithItsLink() {
        CiVerdict v = GitHubVerdicts.ci(runs(run("build", "completed", "success"), run("test", "completed", "failure"),
                run("e2e", "in_progress", null)), json(combined("ci/jenkins=error", "ci/ok=success")), DEPLOY);
        assertThat(v.evidence()).containsExactlyInAnyOrder(
                new CheckEvidence("test", "failure", "test says failure", "https://ci/test"),
                new CheckEvidence("e2e", "in_progress", "e2e says null", "https://ci/e2e"),
                new CheckEvidence("ci/jenkins", "error", "ci/jenkins is error", "https://ext/ci/jenkins"));
    }

    static Stream<Arguments> deployCases() {
        return Stream.of(
                Arguments.of("nothing", NO_STATUSES, "[]", "[]", DeployVerdict.State.NONE),
                Arguments.of("deploy status success", combined(DEPLOY + "=success"), "[]", "[]",
                        DeployVerdict.State.SUCCESS),
                Arguments.of("deploy status failure", combined(DEPLOY + "=failure"), "[]", "[]",
                        DeployVerdict.State.FAILURE),
                Arguments.of("deploy status pending", combined(DEPLOY + "=pending"), "[]", "[]",
                        DeployVerdict.State.PENDING),
                Arguments.of("another context is not a deploy", combined("ci/jenkins=success"), "[]", "[]",
                        DeployVerdict.State.NONE),
                Arguments.of("deployment success", NO_STATUSES, "[{'id':3,'environment':'production'}]",
                        "[{'id':31,'state':'success','log_url':'https://log/3'}]", DeployVerdict.State.SUCCESS),
                Arguments.of("deployment superseded after it was live", NO_STATUSES, "[{'id':3,'environment':'p'}]",
                        "[{'id':31,'state':'inactive'}]", DeployVerdict.State.SUCCESS),
                Arguments.of("deployment without a status yet", NO_STATUSES, "[{'id':3,'environment':'p'}]", "[]",
                        DeployVerdict.State.PENDING),
                Arguments.of("newest deployment status counts", NO_STATUSES, "[{'id':3,'environment':'p'}]",
                        "[{'id':31,'state':'in_progress'},{'id':33,'state':'failure'},{'id':32,'state':'success'}]",
                        DeployVerdict.State.FAILURE),
                Arguments.of("a deployed status beats a failed deployment", combined(DEPLOY + "=success"),
                        "[{'id':3,'environment':'p'}]", "[{'id':31,'state':'failure'}]", DeployVerdict.State.SUCCESS),
                Arguments.of("a successful deployment beats a failed status", combined(DEPLOY + "=failure"),
                        "[{'id':3,'environment':'p'}]", "[{'id':31,'state':'success'}]", DeployVerdict.State.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployCases")
    void deployVerdictReadsTheDeployContextOrTheLatestDeploymentStatus(String name, String status, String deployments,
            String statuses, DeployVerdict.State expected) {
        DeployVerdict byStatus = GitHubVerdicts.fromStatus(json(status), DEPLOY);
        DeployVerdict v = GitHubVerdicts.combine(byStatus,
                GitHubVerdicts.fromDeployment(json(deployments), json(statuses)));
        assertThat(v.state()).isEqualTo(expected);
    }

    @Test
    void deployEvidenceNamesTheEnvironmentAndTheLog() {
        DeployVerdict v = GitHubVerdicts.fromDeployment(json("[{'id':3,'environment':'production'}]"),
                json("[{'id':31,'state':'success','log_url':'https://log/3','description':'ok'}]"));
        assertThat(v.evidence()).isEqualTo(new CheckEvidence("deployment/production", "success", "ok", "https://log/3"));
    }
}
