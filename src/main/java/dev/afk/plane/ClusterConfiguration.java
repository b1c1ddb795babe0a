package dev.afk.plane;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election for the tick routes: with several replicas only the leader's {@code master:} consumers fire, so a
 * tick never runs twice (docs/ARCHITECTURE.md §6).
 *
 * <p>Why a {@link CamelConfiguration} and not a YAML bean: the {@code master:} component needs a
 * {@link CamelClusterService} added to the context as a <em>service</em>; a bean in the registry is not found by
 * the real Camel Main (docs/reference/camel-4.18.md §8). Camel Main's base-package scan finds this class because it implements
 * {@code CamelConfiguration}, is public with a public no-argument constructor, and lives below the package of
 * {@code dev.afk.AfkApplication}; the {@code @PropertyInject} fields are set before {@link #configure} runs.
 *
 * <p>The tick routes read from {@code "{{afk.leader-prefix}}quartz:afk/poll"}: the prefix is empty without a
 * cluster and {@code master:ticks:} with one, so both loops share one Lease ({@code afk-ticks}) and run on the same
 * replica. A prefix without a cluster service, or a cluster without a prefix, is refused at start-up.
 */
public class ClusterConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger("afk");

    /** The Lease is named {@code <RESOURCE_NAME>-<master namespace>}; pods are found by {@link #LABELS}. */
    static final String RESOURCE_NAME = "afk";
    static final Map<String, String> LABELS = Map.of("app", "afk");

    public enum Mode { NONE, KUBERNETES, FILE }

    @PropertyInject(value = "afk.cluster", defaultValue = "none")
    String cluster;

    @PropertyInject(value = "afk.leader-prefix", defaultValue = "")
    String leaderPrefix;

    @PropertyInject(value = "afk.cluster-file-root", defaultValue = "")
    String fileRoot;

    @Override
    public void configure(CamelContext context) {
        Mode mode = mode(cluster);
        checkPrefix(mode, leaderPrefix);
        CamelClusterService service = switch (mode) {
            case NONE -> null;
            case KUBERNETES -> kubernetes(context.resolvePropertyPlaceholders("{{env:POD_NAMESPACE:}}"));
            case FILE -> file(fileRoot);
        };
        if (service == null) {
            LOG.info("No leader election (AFK_CLUSTER=none): every replica ticks; run one replica only");
            return;
        }
        try {
            context.addService(service);
        } catch (Exception e) {
            throw new IllegalStateException("could not add the " + mode.name().toLowerCase(Locale.ROOT)
                    + " cluster service (AFK_CLUSTER)", e);
        }
        LOG.info("Leader election over {} ({}): only the leader's '{}' routes tick",
                mode.name().toLowerCase(Locale.ROOT), service.getClass().getSimpleName(), leaderPrefix.strip());
    }

    /** Parses {@code AFK_CLUSTER}; an unknown value fails start-up, naming the variable. */
    public static Mode mode(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "none" -> Mode.NONE;
            case "kubernetes" -> Mode.KUBERNETES;
            case "file" -> Mode.FILE;
            default -> throw new IllegalStateException(
                    "AFK_CLUSTER must be none, kubernetes or file (got '" + value + "')");
        };
    }

    /**
     * The two settings must agree: a {@code master:} prefix without a cluster service fails every route start
     * ("No cluster service found"), and a cluster without the prefix lets every replica tick.
     */
    public static void checkPrefix(Mode mode, String prefix) {
        String p = prefix == null ? "" : prefix.strip();
        if (mode == Mode.NONE) {
            if (!p.isEmpty()) {
                throw new IllegalStateException("AFK_LEADER_PREFIX is '" + p
                        + "' but AFK_CLUSTER=none: set AFK_CLUSTER=kubernetes (or file), or clear AFK_LEADER_PREFIX");
            }
            return;
        }
        if (!p.matches("master:[A-Za-z0-9][A-Za-z0-9-]*:")) {
            throw new IllegalStateException("AFK_CLUSTER=" + mode.name().toLowerCase(Locale.ROOT)
                    + " needs AFK_LEADER_PREFIX=master:<group>: (e.g. master:ticks:) so only the leader ticks (got '"
                    + p + "')");
        }
    }

    static KubernetesClusterService kubernetes(String podNamespace) {
        KubernetesClusterService service = new KubernetesClusterService();
        service.setKubernetesResourceName(RESOURCE_NAME);
        service.setClusterLabels(LABELS);
        // The Downward API gives the pod's namespace; without it fabric8 reads the service-account mount.
        if (podNamespace != null && !podNamespace.isBlank()) {
            service.setKubernetesResourcesNamespace(podNamespace.strip());
        }
        return service;
    }

    static FileLockClusterService file(String root) {
        String dir = root == null || root.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "afk-cluster").toString()
                : root.strip();
        FileLockClusterService service = new FileLockClusterService();
        service.setRoot(dir);
        return service;
    }
}
