package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.afk.core.Config;
import dev.afk.core.WebhookDialect;
import dev.afk.core.WebhookSettings;
import dev.afk.plane.ClusterConfiguration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests in {@code k8s/} parse as Kubernetes objects and state the facts operating AFK depends on: probes
 * and Jolokia on 9876, Hawtio's annotations, tokens as files the *_FILE variables point at, a disarmed ConfigMap that
 * covers the whole configuration contract, RBAC for the leader-election Lease, and the webhook receiver (issue 13):
 * shipped off, turned on by the component {@code k8s/webhooks/} at the container port named {@code webhook}, its Services, its
 * secret file, the NetworkPolicy rule and the Ingress example that routes only the hook paths.
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
        List<NetworkPolicy> policies = networkPolicies();
        assertThat(policies).extracting(np -> np.getMetadata().getName()).contains("afk-management", "afk-webhook");
        List<NetworkPolicyIngressRule> management = new ArrayList<>();
        for (NetworkPolicy np : policies) {
            assertThat(np.getSpec().getPodSelector().getMatchLabels()).containsEntry("app", "afk");
            assertThat(np.getSpec().getPolicyTypes()).contains("Ingress");
            assertThat(np.getSpec().getIngress()).as(np.getMetadata().getName()).isNotEmpty();
            for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
                assertThat(rule.getPorts()).as("a rule without ports admits every port").isNotEmpty();
                assertThat(rule.getFrom()).as("an empty 'from' would admit everyone").isNotEmpty();
                if (rule.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 9876)) {
                    management.add(rule);
                }
            }
        }
        assertThat(management).as("rules admitting 9876").isNotEmpty();
        for (NetworkPolicyIngressRule rule : management) {
            assertThat(rule.getPorts()).allSatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(9876));
            for (NetworkPolicyPeer peer : rule.getFrom()) {
                assertThat(peer.getNamespaceSelector()).isNotNull();
                assertThat(peer.getNamespaceSelector().getMatchLabels()).isNotEmpty();
                assertThat(peer.getNamespaceSelector().getMatchLabels().values())
                        .as("the ingress controller never reaches Jolokia").doesNotContain("ingress-nginx");
            }
        }
    }

    // --- the webhook receiver (issue 13) ------------------------------------------------------------------------

    @Test
    void theReceiverShipsOffAndTheWebhooksComponentTurnsItOnAtTheContainerPortNamedWebhook() throws IOException {
        Map<String, String> base = configMap().getData();
        assertThat(base).as("off like the other disarmed defaults").containsEntry("AFK_WEBHOOK_PORT", "")
                .containsEntry("AFK_WEBHOOK_PEERS", "").containsEntry("AFK_POLL_CRON", "")
                .containsEntry("AFK_WATCH_CRON", "");
        assertThat(WebhookSettings.from(property(base)).enabled()).isFalse();

        GenericKubernetesResource component = (GenericKubernetesResource) load("webhooks/kustomization.yaml").get(0);
        assertThat(component.getKind()).as("a kustomize Component (an overlay of ../ inside k8s/ would be a cycle)")
                .isEqualTo("Component");
        assertThat(component.getApiVersion()).isEqualTo("kustomize.config.k8s.io/v1alpha1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> patches = (List<Map<String, Object>>) component.getAdditionalProperties()
                .get("patches");
        assertThat(patches).extracting(m -> m.get("path")).containsExactly("configmap-webhooks.yaml");
        assertThat(component.getAdditionalProperties()).as("it adds nothing but the ConfigMap patch")
                .doesNotContainKeys("resources", "components");
        GenericKubernetesResource kustomization = (GenericKubernetesResource) load("kustomization.yaml").get(0);
        assertThat(kustomization.getAdditionalProperties()).as("shipped off: the component is not applied")
                .doesNotContainKey("components");
        assertThat(Files.readString(DIR.resolve("kustomization.yaml"))).as("but named there, commented out")
                .contains("# components:\n#   - webhooks\n");
        ConfigMap patch = webhooksPatch();
        assertThat(patch.getMetadata().getName()).isEqualTo(configMap().getMetadata().getName());
        assertThat(patch.getData()).as("the component changes only the receiver's settings")
                .containsOnlyKeys("AFK_WEBHOOK_PORT", "AFK_WEBHOOK_PEERS");

        assertThat(Integer.parseInt(patch.getData().get("AFK_WEBHOOK_PORT")))
                .as("the port the component turns on is the container port named webhook")
                .isEqualTo(webhookContainerPort());

        Map<String, String> on = new HashMap<>(base);
        on.putAll(patch.getData());
        WebhookSettings settings = WebhookSettings.from(property(on));
        assertThat(settings.problems()).isEmpty();
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.port()).isEqualTo(webhookContainerPort());
        Map<String, String> properties = new HashMap<>();
        Config.VARIABLES.forEach((key, variable) -> properties.put(key, on.get(variable)));
        Config config = Config.fromMap(properties);
        assertThat(config.validate()).isEmpty();
        assertThat(config.armed()).as("turning the receiver on arms nothing").isFalse();
        assertThat(config.pollCron()).as("the slower default poll").isEqualTo(Config.WEBHOOK_POLL_CRON);
        assertThat(config.watchCron()).as("Forgejo (the ConfigMap's tracker) sends no status event: the watch keeps "
                + "its minute").isEqualTo(Config.DEFAULT_WATCH_CRON);
    }

    @Test
    void theWebhookServiceAndTheHeadlessPeersServiceTargetTheWebhookPortByName() throws IOException {
        Service hooks = service("afk-hooks");
        Service peers = service("afk-peers");
        for (Service s : List.of(hooks, peers)) {
            assertThat(s.getSpec().getSelector()).as(s.getMetadata().getName()).containsExactly(Map.entry("app", "afk"));
            assertThat(s.getSpec().getPorts()).as(s.getMetadata().getName()).singleElement().satisfies(p -> {
                assertThat(p.getTargetPort().getStrVal()).as("by name").isEqualTo("webhook");
                assertThat(p.getProtocol()).isEqualTo("TCP");
            });
        }
        assertThat(hooks.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(peers.getSpec().getClusterIP()).as("headless: one DNS record per pod").isEqualTo("None");
        assertThat(peers.getSpec().getPublishNotReadyAddresses()).isFalse();

        // A follower dials each address behind the headless name directly, so the port in AFK_WEBHOOK_PEERS is the
        // pod's (container) port, not a Service port.
        String peersSetting = webhooksPatch().getData().get("AFK_WEBHOOK_PEERS");
        assertThat(peersSetting).isEqualTo("dns:" + peers.getMetadata().getName() + ":" + webhookContainerPort());
        assertThat(WebhookSettings.from(property(Map.of("AFK_WEBHOOK_PEERS", peersSetting))).problems()).isEmpty();
        assertThat(peers.getSpec().getPorts().get(0).getPort()).isEqualTo(webhookContainerPort());
    }

    @Test
    void theWebhookSecretIsAnOptionalFileOfTheTokensSecretWhereAfkWebhookSecretFilePoints() throws IOException {
        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        String file = configMap().getData().get("AFK_WEBHOOK_SECRET_FILE");
        assertThat(file).as("AFK_WEBHOOK_SECRET_FILE").isNotBlank();
        VolumeMount mount = container().getVolumeMounts().stream()
                .filter(m -> file.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted above " + file));
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(mount.getSubPath()).as("a subPath mount is never refreshed: rotation would need a restart").isNull();
        Volume v = volume(pod, mount.getName());
        Secret example = (Secret) load("secret.example.yaml").get(0);
        assertThat(v.getSecret()).as(mount.getMountPath() + " is a Secret volume").isNotNull();
        assertThat(v.getSecret().getSecretName()).isEqualTo(example.getMetadata().getName());
        assertThat(v.getSecret().getOptional())
                .as("optional: a Secret without the key still starts the pod (the receiver is off by default)")
                .isTrue();
        Map<String, String> fileToKey = v.getSecret().getItems().stream()
                .collect(Collectors.toMap(KeyToPath::getPath, KeyToPath::getKey));
        String name = file.substring(mount.getMountPath().length() + 1);
        assertThat(fileToKey).containsEntry(name, "webhook-secret");
        assertThat(example.getStringData()).containsKey("webhook-secret");

        VolumeMount tokens = mount(container(), "/var/run/secrets/afk");
        assertThat(volume(pod, tokens.getName()).getSecret().getOptional())
                .as("the token files stay required").isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void theWebhookPortIsAdmittedFromTheIngressControllerAndTheOtherReplicasOnly() throws IOException {
        int port = webhookContainerPort();
        List<NetworkPolicyIngressRule> webhook = networkPolicies().stream()
                .flatMap(np -> np.getSpec().getIngress().stream())
                .filter(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == port)).toList();
        assertThat(webhook).as("a rule admits the webhook port").hasSize(1);
        NetworkPolicyIngressRule rule = webhook.get(0);
        assertThat(rule.getPorts()).as("that rule admits nothing else")
                .allSatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(port));
        assertThat(rule.getFrom()).as("from the ingress controller's namespace").anySatisfy(peer -> {
            assertThat(peer.getPodSelector()).isNull();
            assertThat(peer.getNamespaceSelector().getMatchLabels()).isNotEmpty();
        });
        assertThat(rule.getFrom()).as("from the other AFK pods (the follower-to-leader forward)").anySatisfy(peer -> {
            assertThat(peer.getNamespaceSelector()).isNull();
            assertThat(peer.getPodSelector().getMatchLabels())
                    .isEqualTo(deployment().getSpec().getSelector().getMatchLabels());
        });
        assertThat(rule.getFrom()).allSatisfy(peer -> assertThat(peer.getIpBlock()).isNull());
    }

    @Test
    void theIngressExampleRoutesOnlyTheHookPathsToTheWebhookServiceOverTls() throws IOException {
        Ingress ingress = (Ingress) load("ingress.example.yaml").get(0);
        Service hooks = service("afk-hooks");
        Set<String> paths = new TreeSet<>();
        Set<String> hosts = new TreeSet<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            assertThat(rule.getHost()).as("a rule for one host, not every host").isNotBlank();
            hosts.add(rule.getHost());
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                paths.add(path.getPath());
                assertThat(path.getPathType()).as(path.getPath()).isEqualTo("Exact");
                assertThat(path.getBackend().getService().getName()).as("the webhook Service, never afk (Jolokia)")
                        .isEqualTo(hooks.getMetadata().getName());
                assertThat(path.getBackend().getService().getPort().getName())
                        .isEqualTo(hooks.getSpec().getPorts().get(0).getName());
            }
        }
        assertThat(ingress.getSpec().getDefaultBackend()).as("no default backend: other paths reach nothing").isNull();
        assertThat(paths).as("exactly the receiver's paths").containsExactlyInAnyOrderElementsOf(
                Stream.of(WebhookDialect.values()).map(d -> "/hooks/" + d.wire()).toList());
        assertThat(ingress.getSpec().getTls()).as("TLS").isNotEmpty();
        Set<String> tlsHosts = ingress.getSpec().getTls().stream().flatMap(t -> {
            assertThat(t.getSecretName()).isNotBlank();
            return t.getHosts().stream();
        }).collect(Collectors.toSet());
        assertThat(tlsHosts).as("every routed host is served over TLS").containsAll(hosts);
    }

    @Test
    void kustomizationAppliesTheDeploymentSetButNotTheExampleSecretNorTheCamelKAlternative() throws IOException {
        GenericKubernetesResource k = (GenericKubernetesResource) load("kustomization.yaml").get(0);
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) k.getAdditionalProperties().get("resources");
        assertThat(resources).contains("deployment.yaml", "configmap.yaml", "rbac.yaml", "networkpolicy.yaml",
                "service-webhook.yaml").doesNotContain("secret.example.yaml", "integration.yaml", "ingress.example.yaml");
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

    private static int webhookContainerPort() throws IOException {
        return container().getPorts().stream().filter(p -> "webhook".equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("deployment.yaml has no container port named webhook"))
                .getContainerPort();
    }

    private static ConfigMap webhooksPatch() throws IOException {
        return (ConfigMap) load("webhooks/configmap-webhooks.yaml").get(0);
    }

    /** The afk.* properties of a ConfigMap's variables (Config.VARIABLES), as WebhookSettings reads them. */
    private static Function<String, String> property(Map<String, String> env) {
        return key -> Config.VARIABLES.containsKey(key) ? env.get(Config.VARIABLES.get(key)) : null;
    }

    private static List<NetworkPolicy> networkPolicies() throws IOException {
        return load("networkpolicy.yaml").stream().map(NetworkPolicy.class::cast).toList();
    }

    private static Service service(String name) throws IOException {
        List<Service> found = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                load(f.getFileName().toString()).stream().filter(o -> o instanceof Service)
                        .map(Service.class::cast).filter(x -> name.equals(x.getMetadata().getName())).forEach(found::add);
            }
        }
        assertThat(found).as("Service " + name).hasSize(1);
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
