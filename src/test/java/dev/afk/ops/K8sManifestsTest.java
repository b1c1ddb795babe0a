package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.afk.core.Config;
import dev.afk.plane.ClusterConfiguration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code k8s/} parse as Kubernetes objects and state the facts operating AFK depends on: probes
 * and Jolokia on 9876, Hawtio's annotations, tokens as files the *_FILE variables point at, a disarmed ConfigMap that
 * covers the whole configuration contract, and RBAC for the leader-election Lease.
 */
class K8sManifestsTest {

    private static final Path DIR = Path.of("k8s");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void everyManifestParsesAsKubernetesObjectsWithAKindAndAName() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("deployment.yaml",
                "configmap.yaml", "secret.example.yaml", "rbac.yaml", "networkpolicy.yaml", "integration.yaml",
                "kustomization.yaml");
        for (Path f : files) {
            List<HasMetadata> objects = load(f.getFileName().toString());
            assertThat(objects).as(f.toString()).isNotEmpty();
            for (HasMetadata o : objects) {
                assertThat(o.getApiVersion()).as(f + " apiVersion").isNotBlank();
                assertThat(o.getKind()).as(f + " kind").isNotBlank();
                if (!"Kustomization".equals(o.getKind())) {
                    assertThat(o.getMetadata().getName()).as(f + " name").isNotBlank();
                }
            }
        }
    }

    @Test
    void probesHitTheHealthPathsOnTheManagementPort() throws IOException {
        Container c = container();
        assertProbe(c.getLivenessProbe(), "/observe/health/live");
        assertProbe(c.getReadinessProbe(), "/observe/health/ready");
        assertProbe(c.getStartupProbe(), "/observe/health/live");
    }

    @Test
    void theManagementPortIsNamedJolokiaAndThePodCarriesHawtiosAnnotations() throws IOException {
        Deployment d = deployment();
        assertThat(container().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("jolokia");
            assertThat(p.getContainerPort()).isEqualTo(9876);
        });
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("hawt.io/protocol", "http")
                .containsEntry("hawt.io/jolokiaPath", "/observe/jolokia/");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "afk");
        assertThat(d.getSpec().getSelector().getMatchLabels()).containsEntry("app", "afk");
        assertThat(configMap().getData()).containsEntry("MANAGEMENT_PORT", "9876");
    }

    @Test
    void theDeploymentRunsTheJarAsOneNonRootReplicaWithAReadOnlyRootAndAWritableTmp() throws IOException {
        Deployment d = deployment();
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        Container c = container();
        assertThat(d.getSpec().getReplicas()).isEqualTo(1);
        assertThat(c.getImage()).isEqualTo("afk:latest");
        assertThat(c.getCommand()).containsExactly("java", "-jar", "/deployments/afk.jar");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(pod.getEnableServiceLinks()).as("no injected *_PORT variables").isFalse();
        VolumeMount tmp = mount(c, "/tmp");
        assertThat(volume(pod, tmp.getName()).getEmptyDir()).isNotNull();
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKey("memory");
        assertThat(c.getEnvFrom()).anySatisfy(e ->
                assertThat(e.getConfigMapRef().getName()).isEqualTo(configMap().getMetadata().getName()));
    }

    @Test
    void tokensAreSecretFilesAndTheFileVariablesPointIntoTheMount() throws IOException {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        Map<String, String> env = configMap().getData();
        VolumeMount secretMount = mount(container(), "/var/run/secrets/afk");
        assertThat(secretMount.getReadOnly()).isTrue();
        Volume v = volume(pod, secretMount.getName());
        assertThat(v.getSecret()).as("the token mount is a Secret volume").isNotNull();
        Secret example = (Secret) load("secret.example.yaml").get(0);
        assertThat(v.getSecret().getSecretName()).isEqualTo(example.getMetadata().getName());

        Map<String, String> fileToKey = v.getSecret().getItems().stream()
                .collect(Collectors.toMap(KeyToPath::getPath, KeyToPath::getKey));
        for (String variable : List.of("AFK_TRACKER_TOKEN_FILE", "AFK_T3_TOKEN_FILE")) {
            String file = env.get(variable);
            assertThat(file).as(variable).startsWith(secretMount.getMountPath() + "/");
            String name = file.substring(secretMount.getMountPath().length() + 1);
            assertThat(fileToKey).as(variable + " names a file the Secret volume provides").containsKey(name);
            assertThat(example.getStringData()).as("the example Secret has key " + fileToKey.get(name))
                    .containsKey(fileToKey.get(name));
        }
    }

    @Test
    void theExampleSecretHoldsOnlyPlaceholders() throws IOException {
        Secret example = (Secret) load("secret.example.yaml").get(0);
        assertThat(example.getStringData()).isNotEmpty();
        assertThat(example.getStringData().values()).allSatisfy(v -> assertThat(v).contains("EXAMPLE"));
        assertThat(Files.readString(DIR.resolve("secret.example.yaml"))).contains("NOT REAL");
    }

    @Test
    void theConfigMapShipsDisarmedAndValid() throws IOException {
        Map<String, String> env = configMap().getData();
        assertThat(env).containsEntry("AFK_KILL_SWITCH", "true").containsEntry("AFK_ALLOWLIST", "");

        Map<String, String> properties = new HashMap<>();
        Config.VARIABLES.forEach((key, variable) -> properties.put(key, env.get(variable)));
        Config config = Config.fromMap(properties);
        assertThat(config.armed()).isFalse();
        assertThat(config.validate()).isEmpty();
    }

    @Test
    void theConfigMapNamesEveryVariableOfTheConfigurationContract() throws IOException {
        assertThat(configMap().getData()).containsKeys(Config.VARIABLES.values().toArray(String[]::new));
    }

    @Test
    void theConfigMapElectsALeaderWithAConsistentPrefix() throws IOException {
        Map<String, String> env = configMap().getData();
        assertThat(ClusterConfiguration.mode(env.get("AFK_CLUSTER"))).isEqualTo(ClusterConfiguration.Mode.KUBERNETES);
        assertThatCode(() -> ClusterConfiguration.checkPrefix(ClusterConfiguration.Mode.KUBERNETES,
                env.get("AFK_LEADER_PREFIX"))).doesNotThrowAnyException();
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> {
                    assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
                    assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
                });
    }

    @Test
    void rbacLetsTheDeploymentsServiceAccountManageLeasesAndListItsPeers() throws IOException {
        List<HasMetadata> rbac = load("rbac.yaml");
        ServiceAccount sa = only(rbac, ServiceAccount.class);
        Role role = only(rbac, Role.class);
        RoleBinding binding = only(rbac, RoleBinding.class);

        assertThat(deployment().getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(sa.getMetadata().getName());
        assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        assertThat(binding.getSubjects()).anySatisfy(s -> {
            assertThat(s.getKind()).isEqualTo("ServiceAccount");
            assertThat(s.getName()).isEqualTo(sa.getMetadata().getName());
        });
        assertThat(rule(role, "coordination.k8s.io", "leases").getVerbs())
                .contains("get", "list", "watch", "create", "update", "patch");
        assertThat(rule(role, "", "pods").getVerbs()).contains("get", "list", "watch");
    }

    @Test
    void onlyTheMonitoringNamespacesReachTheManagementPort() throws IOException {
        NetworkPolicy np = (NetworkPolicy) load("networkpolicy.yaml").get(0);
        assertThat(np.getSpec().getPodSelector().getMatchLabels()).containsEntry("app", "afk");
        assertThat(np.getSpec().getPolicyTypes()).contains("Ingress");
        assertThat(np.getSpec().getIngress()).isNotEmpty();
        for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
            assertThat(rule.getPorts()).allSatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9876));
            assertThat(rule.getFrom()).as("an empty 'from' would admit everyone").isNotEmpty();
            for (NetworkPolicyPeer peer : rule.getFrom()) {
                assertThat(peer.getNamespaceSelector()).isNotNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels()).isNotEmpty();
            }
        }
    }

    @Test
    void kustomizationAppliesTheDeploymentSetButNotTheExampleSecretNorTheCamelKAlternative() throws IOException {
        GenericKubernetesResource k = (GenericKubernetesResource) load("kustomization.yaml").get(0);
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) k.getAdditionalProperties().get("resources");
        assertThat(resources).contains("deployment.yaml", "configmap.yaml", "rbac.yaml", "networkpolicy.yaml")
                .doesNotContain("secret.example.yaml", "integration.yaml");
        assertThat(resources).allSatisfy(r -> assertThat(DIR.resolve(r)).exists());
    }

    @Test
    void theCamelKIntegrationBuildsThisRepoKeepsQuartzInProcessAndReusesTheConfig() throws IOException {
        GenericKubernetesResource it = (GenericKubernetesResource) load("integration.yaml").get(0);
        assertThat(it.getKind()).isEqualTo("Integration");
        assertThat(it.getApiVersion()).isEqualTo("camel.apache.org/v1");
        assertThat(it.<Object>get("spec", "git", "url")).isNotNull();
        assertThat(it.<Object>get("spec", "traits", "cron", "enabled")).isEqualTo(false);
        assertThat(it.<Object>get("spec", "serviceAccountName")).isEqualTo("afk");
        assertThat(Files.readString(DIR.resolve("integration.yaml"))).contains("name: afk-config")
                .contains("secretName: afk-tokens");
    }

    private static void assertProbe(Probe probe, String path) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(9876);
    }

    private static PolicyRule rule(Role role, String apiGroup, String resource) {
        return role.getRules().stream()
                .filter(r -> r.getApiGroups().contains(apiGroup) && r.getResources().contains(resource))
                .findFirst().orElseThrow(() -> new AssertionError("no rule for " + apiGroup + "/" + resource));
    }

    private static VolumeMount mount(Container c, String path) {
        return c.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("nothing mounted at " + path));
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static <T> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static Deployment deployment() throws IOException {
        return (Deployment) load("deployment.yaml").get(0);
    }

    private static Container container() throws IOException {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static ConfigMap configMap() throws IOException {
        return (ConfigMap) load("configmap.yaml").get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            Object parsed = YAML.unmarshal(in);
            return parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
        }
    }
}
