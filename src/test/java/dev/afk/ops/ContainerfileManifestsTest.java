package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afk.core.Config;
import dev.afk.plane.ClusterConfiguration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The image and the manifests describe one deployment: the Containerfile, {@code pom.xml}, the app's own
 * configuration ({@code application*.properties}, {@link Config}) and every manifest in {@code k8s/} are read
 * together, and each fact one of them relies on is checked against the file that decides it. Nothing is built or
 * run: the image cannot be built on this machine, and a wrong path or port would only show in a cluster.
 */
class ContainerfileManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Series an alert may name before AFK exports them (issue 11, item 5); prometheusrule.yaml says so. */
    private static final Set<String> PENDING_METRICS = Set.of("afk_armed");

    // --- the image name -------------------------------------------------------------------------------------------

    @Test
    void oneImageNameAcrossKustomizationDeploymentAndIntegration() throws IOException {
        Map<String, Object> image = kustomizeImage();
        String name = (String) image.get("name");
        String rendered = image.get("newName") + ":" + image.get("newTag");

        assertThat(repository(container().getImage()))
                .as("kustomize rewrites only an image whose name is the images: entry's name")
                .isEqualTo(name);
        Object integrationImage = integration().get("spec", "traits", "container", "image");
        if (integrationImage == null) {
            assertThat(integration().<Object>get("spec", "git", "url"))
                    .as("an Integration without container.image builds from spec.git").isNotNull();
        } else {
            assertThat(integrationImage).as("the Integration runs the image kustomize gives the Deployment")
                    .isEqualTo(rendered);
            assertThat(integration().<Object>get("spec", "git"))
                    .as("container.image and spec.git are two sources of the binary").isNull();
        }
        assertThat(readme()).as("README says how to set the image kustomize applies")
                .contains("kustomize edit set image " + name + "=");
    }

    // --- the user ---------------------------------------------------------------------------------------------------

    @Test
    void theImageAndBothManifestsRunAsUid185() throws IOException {
        Stage runtime = containerfile().last();
        String user = runtime.single("USER");
        assertThat(user).as("a numeric USER, so runAsNonRoot can check it").isEqualTo("185:185");
        assertThat(runtime.all("RUN")).anySatisfy(run -> assertThat(run)
                .contains("useradd").contains("--uid 185").contains("--gid 185"));

        PodSpec pod = deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(185L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(185L);

        PodSpec itPod = integrationPod();
        assertThat(itPod.getSecurityContext()).as("the Integration's pod security context is the Deployment's")
                .isEqualTo(pod.getSecurityContext());
        assertThat(number(integration().get("spec", "traits", "container", "runAsUser"))).isEqualTo(185L);
        assertThat(integration().<Object>get("spec", "traits", "container", "runAsNonRoot")).isEqualTo(true);
    }

    // --- the jar ------------------------------------------------------------------------------------------------

    @Test
    void theEntrypointRunsThePomsJarWhereTheImageCopiesIt() throws Exception {
        String finalName = pom("/project/build/finalName");
        Stage runtime = containerfile().last();
        List<String> entrypoint = JSON.readValue(runtime.single("ENTRYPOINT"), new TypeReference<>() { });
        String jar = entrypoint.get(entrypoint.size() - 1);

        assertThat(entrypoint).as("exec form, java -jar").startsWith("java", "-jar").hasSize(3);
        assertThat(Path.of(jar).getFileName().toString()).isEqualTo(finalName + ".jar");
        assertThat(Path.of(jar).getParent().toString()).isEqualTo(runtime.single("WORKDIR"));
        assertThat(runtime.all("COPY")).as("the jar is copied from the build stage to the ENTRYPOINT's path")
                .contains("--from=build /build/target/" + finalName + ".jar " + jar);
        assertThat(pom("/project/build/plugins/plugin[artifactId='maven-shade-plugin']"
                + "/executions/execution/configuration/outputFile"))
                .as("the shaded jar the image copies is target/<finalName>.jar")
                .isEqualTo("${project.build.directory}/${project.build.finalName}.jar");

        Container c = container();
        assertThat(c.getCommand()).as("deployment.yaml's command is the ENTRYPOINT").isEqualTo(entrypoint);
        assertThat(c.getWorkingDir()).isEqualTo(runtime.single("WORKDIR"));
    }

    @Test
    void theJarCarriesTheRoutesTheAppLoads() throws Exception {
        assertThat(pom("/project/build/resources/resource[directory='routes']/targetPath")).isEqualTo("routes");
        assertThat(appProperty("camel.main.routesIncludePattern")).hasValue("classpath:routes/*.camel.yaml");
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                assertThat(getClass().getClassLoader().getResource("routes/" + route.getFileName()))
                        .as("classpath:routes/" + route.getFileName()).isNotNull();
            }
        }
    }

    @Test
    void theBuildLeavesOneJarInTargetAndCamelKSkipsTests() throws Exception {
        String jarDir = pom("/project/build/plugins/plugin[artifactId='maven-jar-plugin']/configuration/outputDirectory");
        assertThat(jarDir).as("the thin jar lives below target/, not in it")
                .startsWith("${project.build.directory}/").isNotEqualTo("${project.build.directory}/");
        String profile = "/project/profiles/profile[id='camel-k-git-build']";
        assertThat(pom(profile + "/activation/file/exists")).isEqualTo("${basedir}/.mvn/maven.config");
        assertThat(pom(profile + "/properties/maven.test.skip")).isEqualTo("true");
        assertThat(Path.of(".mvn", "maven.config"))
                .as("this repository has none, so only Camel K's build (which writes it) skips the tests")
                .doesNotExist();
    }

    // --- the image itself ---------------------------------------------------------------------------------------

    @Test
    void theContainerfileBuildsWithMavenOnJdk17AndRunsOnAJre17WithoutHealthcheckOrSecrets() throws IOException {
        Containerfile file = containerfile();
        assertThat(file.stages()).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
        Stage build = file.stage("build");
        assertThat(build.image()).contains("maven").contains("17");
        assertThat(build.all("RUN")).contains("mvn -B -DskipTests package");
        assertThat(file.last().image()).contains("17").contains("jre");
        assertThat(file.all("HEALTHCHECK")).as("Kubernetes probes do that").isEmpty();

        Pattern secretish = Pattern.compile("(?i)token|secret|password|passwd|webhook|credential|apikey|api_key");
        for (String keyword : List.of("ENV", "ARG", "LABEL")) {
            assertThat(file.all(keyword)).as(keyword).noneMatch(a -> secretish.matcher(a.split("[= ]")[0]).find());
        }
        assertThat(file.all("COPY")).as("only the build's inputs and its jar are copied")
                .allMatch(a -> a.matches("(--from=build /build/target/\\S+\\.jar|pom\\.xml|src|routes) \\S+"));
        for (String ignore : List.of(".containerignore", ".dockerignore")) {
            assertThat(Files.readAllLines(Path.of(ignore))).as(ignore).contains("target", ".git", ".mvn");
        }
        assertThat(Files.readString(Path.of(".dockerignore"))).isEqualTo(Files.readString(Path.of(".containerignore")));
    }

    // --- ports and probes -----------------------------------------------------------------------------------------

    @Test
    void probesAndPortsAreWhatTheAppServes() throws IOException {
        int port = managementPort();
        String health = camelManagementPath("healthPath", new MainConfigurationProperties().httpManagementServer()
                .getHealthPath());
        String jolokia = camelManagementPath("jolokiaPath", new MainConfigurationProperties().httpManagementServer()
                .getJolokiaPath());

        assertThat(configMap().getData()).containsEntry("MANAGEMENT_PORT", String.valueOf(port));
        int webhook = webhookPort();
        assertThat(webhook).as("the webhook receiver has its own port").isNotEqualTo(port);
        assertThat(containerfile().last().all("EXPOSE")).as("the management port, then the webhook receiver's")
                .containsExactly(String.valueOf(port), String.valueOf(webhook));

        Container c = container();
        ContainerPort named = c.getPorts().stream().filter(p -> p.getContainerPort() == port).findFirst()
                .orElseThrow(() -> new AssertionError("deployment.yaml declares no container port " + port));
        assertThat(named.getName()).isEqualTo("jolokia");
        assertThat(c.getPorts()).as("deployment.yaml: the management port and the webhook port, nothing else")
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactlyInAnyOrder(tuple("jolokia", port), tuple("webhook", webhook));
        assertThat(integrationContainer().getPorts()).as("integration.yaml adds the webhook port to the trait's")
                .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(tuple("webhook", webhook));
        assertProbe(c.getStartupProbe(), health + "/live", port, named.getName());
        assertProbe(c.getLivenessProbe(), health + "/live", port, named.getName());
        assertProbe(c.getReadinessProbe(), health + "/ready", port, named.getName());
        assertThat(deployment().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("hawt.io/jolokiaPath", jolokia + "/");

        // The Integration: its port and probes come from the container and health traits.
        GenericKubernetesResource it = integration();
        assertThat(number(it.get("spec", "traits", "container", "port"))).isEqualTo((long) port);
        assertThat(it.<Object>get("spec", "traits", "container", "portName")).isEqualTo(named.getName());
        assertThat(it.<Object>get("spec", "traits", "health", "enabled")).isEqualTo(true);
        for (Map.Entry<String, Probe> probe : Map.of("startup", c.getStartupProbe(), "liveness", c.getLivenessProbe(),
                "readiness", c.getReadinessProbe()).entrySet()) {
            String kind = probe.getKey();
            Probe p = probe.getValue();
            assertThat(it.<Object>get("spec", "traits", "health", kind + "ProbeEnabled")).as(kind).isEqualTo(true);
            assertThat(it.<Object>get("spec", "traits", "health", kind + "Probe")).as(kind)
                    .isEqualTo(p.getHttpGet().getPath());
            assertThat(number(it.get("spec", "traits", "health", kind + "Period"))).as(kind + "Period")
                    .isEqualTo(p.getPeriodSeconds().longValue());
            assertThat(number(it.get("spec", "traits", "health", kind + "FailureThreshold")))
                    .as(kind + "FailureThreshold").isEqualTo(p.getFailureThreshold().longValue());
            if (p.getTimeoutSeconds() != null) {
                assertThat(number(it.get("spec", "traits", "health", kind + "Timeout"))).as(kind + "Timeout")
                        .isEqualTo(p.getTimeoutSeconds().longValue());
            }
        }
        assertThat(integrationPodAnnotations()).containsEntry("hawt.io/jolokiaPath", jolokia + "/")
                .containsEntry("hawt.io/protocol", "http");
    }

    // --- the kill switch ----------------------------------------------------------------------------------------

    @Test
    void theKillSwitchConfigMapIsMountedWhereAfkKillSwitchFilePointsInTheDeploymentAndTheIntegration()
            throws IOException {
        String file = configMap().getData().get("AFK_KILL_SWITCH_FILE");
        assertThat(file).as("AFK_KILL_SWITCH_FILE").isNotBlank();
        ConfigMap killSwitch = (ConfigMap) load("kill-switch.yaml").get(0);

        assertKillSwitchMount("deployment.yaml", deployment().getSpec().getTemplate().getSpec(), container(), file,
                killSwitch);
        assertKillSwitchMount("integration.yaml", integrationPod(), integrationContainer(), file, killSwitch);
    }

    private void assertKillSwitchMount(String where, PodSpec pod, Container c, String file, ConfigMap killSwitch)
            throws IOException {
        assertThat(c.getEnvFrom()).as(where + " reads afk-config, which sets AFK_KILL_SWITCH_FILE")
                .anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo(configMap().getMetadata()
                        .getName()));
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> file.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": nothing is mounted above " + file));
        assertThat(mount.getSubPath()).as(where + ": a subPath mount is never refreshed").isNull();
        Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(where + ": no volume " + mount.getName()));
        assertThat(v.getConfigMap()).as(where + ": " + mount.getMountPath() + " is a ConfigMap volume").isNotNull();
        assertThat(v.getConfigMap().getName()).as(where).isEqualTo(killSwitch.getMetadata().getName());
        String name = file.substring(mount.getMountPath().length() + 1);
        String key = v.getConfigMap().getItems() == null || v.getConfigMap().getItems().isEmpty() ? name
                : v.getConfigMap().getItems().stream().filter(i -> i.getPath().equals(name)).findFirst()
                        .map(i -> i.getKey()).orElse(null);
        assertThat(killSwitch.getData()).as(where + ": the ConfigMap has the key behind " + file).containsKey(key);
    }

    // --- selectors and labels -------------------------------------------------------------------------------------

    @Test
    void serviceAndPodMonitorSelectTheDeploymentsAndTheIntegrationsPods() throws Exception {
        Map<String, String> deploymentPods = deployment().getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> integrationPods = integrationPodLabels();
        Service service = (Service) load("service.yaml").get(0);
        GenericKubernetesResource podMonitor = generic("monitoring/podmonitor.yaml");

        Map<String, Map<String, String>> selectors = new LinkedHashMap<>();
        selectors.put("service.yaml", service.getSpec().getSelector());
        for (Service s : services()) {
            selectors.put("Service " + s.getMetadata().getName(), s.getSpec().getSelector());
        }
        selectors.put("monitoring/podmonitor.yaml", podMonitor.get("spec", "selector", "matchLabels"));
        for (HasMetadata o : load("networkpolicy.yaml")) {
            NetworkPolicy np = (NetworkPolicy) o;
            selectors.put("NetworkPolicy " + np.getMetadata().getName(), np.getSpec().getPodSelector().getMatchLabels());
            np.getSpec().getIngress().stream().flatMap(r -> r.getFrom().stream())
                    .filter(peer -> peer.getPodSelector() != null)
                    .forEach(peer -> selectors.put("NetworkPolicy " + np.getMetadata().getName() + " from pods",
                            peer.getPodSelector().getMatchLabels()));
        }
        selectors.put("the Deployment's own selector", deployment().getSpec().getSelector().getMatchLabels());
        selectors.put("leader election (ClusterConfiguration.LABELS)", clusterLabels());
        for (Map.Entry<String, Map<String, String>> s : selectors.entrySet()) {
            assertThat(s.getValue()).as(s.getKey() + " selects something").isNotEmpty();
            assertThat(deploymentPods).as(s.getKey() + " selects the Deployment's pods")
                    .containsAllEntriesOf(s.getValue());
            assertThat(integrationPods).as(s.getKey() + " selects the Integration's pods")
                    .containsAllEntriesOf(s.getValue());
        }

        String jobLabel = podMonitor.get("spec", "jobLabel");
        assertThat(deploymentPods).as("the PodMonitor's jobLabel is a pod label").containsKey(jobLabel);
        assertThat(integrationPods).containsEntry(jobLabel, deploymentPods.get(jobLabel));
        assertThat(alertExpressions()).allSatisfy(expr -> {
            Matcher m = Pattern.compile("job=\"([^\"]*)\"").matcher(expr);
            while (m.find()) {
                assertThat(m.group(1)).as("job in " + expr).isEqualTo(deploymentPods.get(jobLabel));
            }
        });
    }

    @Test
    void theServiceAndThePodMonitorUseTheManagementPort() throws IOException {
        int port = managementPort();
        Service service = (Service) load("service.yaml").get(0);
        assertThat(service.getSpec().getType()).as("Jolokia has no login: in-cluster only").isIn(null, "ClusterIP");
        ServicePort sp = service.getSpec().getPorts().get(0);
        assertThat(sp.getPort()).isEqualTo(port);
        assertThat(containerPortNamed(container(), sp.getTargetPort())).isEqualTo(port);
        assertThat(integration().<Object>get("spec", "traits", "container", "portName"))
                .as("the Integration's port has the name the Service targets").isEqualTo(sp.getTargetPort().getStrVal());

        GenericKubernetesResource podMonitor = generic("monitoring/podmonitor.yaml");
        List<Map<String, Object>> endpoints = podMonitor.get("spec", "podMetricsEndpoints");
        assertThat(endpoints).hasSize(1);
        assertThat(containerPortNamed(container(), new IntOrString((String) endpoints.get(0).get("port"))))
                .isEqualTo(port);
        assertThat(endpoints.get(0).get("path")).as("Camel's metrics path")
                .isEqualTo(appProperty("camel.metrics.path").orElse(new MainConfigurationProperties().metrics()
                        .getPath()));

        int webhook = webhookPort();
        for (HasMetadata o : load("networkpolicy.yaml")) {
            NetworkPolicy np = (NetworkPolicy) o;
            assertThat(np.getSpec().getIngress()).as(np.getMetadata().getName()).allSatisfy(rule -> assertThat(rule
                    .getPorts()).as("each rule admits the management port or the webhook port, not both")
                    .allSatisfy(p -> assertThat(p.getPort().getIntVal()).isEqualTo(rule.getPorts().get(0).getPort()
                            .getIntVal()).isIn(port, webhook)));
        }
    }

    @Test
    void theWebhookServicesReachTheWebhookPortOfTheDeploymentAndTheIntegration() throws IOException {
        int webhook = webhookPort();
        String managementService = ((Service) load("service.yaml").get(0)).getMetadata().getName();
        List<Service> hooks = services().stream().filter(s -> !s.getMetadata().getName().equals(managementService))
                .toList();
        assertThat(hooks).extracting(s -> s.getMetadata().getName()).containsExactlyInAnyOrder("afk-hooks", "afk-peers");
        for (Service s : hooks) {
            ServicePort sp = s.getSpec().getPorts().get(0);
            assertThat(containerPortNamed(container(), sp.getTargetPort())).as(s.getMetadata().getName())
                    .isEqualTo(webhook);
            assertThat(containerPortNamed(integrationContainer(), sp.getTargetPort()))
                    .as(s.getMetadata().getName() + " in the Integration's pods").isEqualTo(webhook);
            assertThat(s.getSpec().getType()).as("never a LoadBalancer: the tracker comes in through the Ingress")
                    .isIn(null, "ClusterIP");
        }
        int management = managementPort();
        assertThat(webhook).isNotEqualTo(management);
        assertThat(appProperty("afk.webhook-port")).as("application.properties reads AFK_WEBHOOK_PORT, empty = off")
                .hasValue("{{env:AFK_WEBHOOK_PORT:}}");
    }

    @Test
    void noServiceInjectsAVariableTheAppReads() throws IOException {
        Set<String> read = variablesTheAppReads();
        List<String> services = new ArrayList<>();
        services().forEach(x -> services.add(x.getMetadata().getName()));
        assertThat(services).as("every Service, the management one included")
                .contains(((Service) load("service.yaml").get(0)).getMetadata().getName(), "afk-hooks", "afk-peers");
        if (Boolean.TRUE.equals(integration().get("spec", "traits", "container", "expose"))) {
            services.add(integration().getMetadata().getName()); // Camel K names its Service after the Integration
        }
        for (String service : services) {
            String prefix = service.toUpperCase(Locale.ROOT).replace('-', '_');
            assertThat(read).as("Service " + service + " injects " + prefix + "_SERVICE_*/" + prefix + "_PORT*")
                    .noneMatch(v -> v.startsWith(prefix + "_SERVICE_") || v.startsWith(prefix + "_PORT"));
        }
    }

    // --- the Integration matches the Deployment -----------------------------------------------------------------

    @Test
    void theIntegrationCarriesTheDeploymentsResourcesSecurityContextEnvAndMounts() throws IOException {
        Container d = container();
        Container i = integrationContainer();
        PodSpec dPod = deployment().getSpec().getTemplate().getSpec();
        PodSpec iPod = integrationPod();
        GenericKubernetesResource it = integration();

        assertThat(it.<Object>get("spec", "traits", "container", "name")).isEqualTo(i.getName());
        Map<String, String> traitResources = Map.of("requestCPU", "requests/cpu", "requestMemory", "requests/memory",
                "limitCPU", "limits/cpu", "limitMemory", "limits/memory");
        for (Map.Entry<String, String> r : traitResources.entrySet()) {
            String[] where = r.getValue().split("/");
            Map<String, Quantity> figures = where[0].equals("requests") ? d.getResources().getRequests()
                    : d.getResources().getLimits();
            Object trait = it.get("spec", "traits", "container", r.getKey());
            assertThat(trait).as("container." + r.getKey() + " (else Camel K's default)").isNotNull();
            assertThat(new Quantity(String.valueOf(trait))).as("container." + r.getKey() + " = " + r.getValue())
                    .isEqualTo(figures.get(where[1]));
        }

        assertThat(it.<Object>get("spec", "traits", "container", "allowPrivilegeEscalation"))
                .isEqualTo(d.getSecurityContext().getAllowPrivilegeEscalation());
        assertThat((List<?>) it.get("spec", "traits", "container", "capabilitiesDrop"))
                .isEqualTo(d.getSecurityContext().getCapabilities().getDrop());
        assertThat(it.<Object>get("spec", "traits", "container", "seccompProfileType"))
                .isEqualTo(dPod.getSecurityContext().getSeccompProfile().getType());
        assertThat(i.getSecurityContext().getReadOnlyRootFilesystem())
                .isEqualTo(d.getSecurityContext().getReadOnlyRootFilesystem());

        assertThat(i.getEnvFrom()).isEqualTo(d.getEnvFrom());
        assertThat(i.getEnv()).containsExactlyInAnyOrderElementsOf(d.getEnv());
        assertThat(i.getVolumeMounts()).containsExactlyInAnyOrderElementsOf(d.getVolumeMounts());
        assertThat(iPod.getVolumes()).containsExactlyInAnyOrderElementsOf(dPod.getVolumes());
        assertThat(iPod.getTerminationGracePeriodSeconds()).isEqualTo(dPod.getTerminationGracePeriodSeconds());
        assertThat(it.<Object>get("spec", "serviceAccountName")).isEqualTo(dPod.getServiceAccountName());
        assertThat(it.<Object>get("spec", "traits", "cron", "enabled")).as("Quartz stays in process").isEqualTo(false);
    }

    // --- configuration ----------------------------------------------------------------------------------------

    @Test
    void everyVariableTheAppReadsIsInTheConfigMapOrTheReadme() throws IOException {
        Set<String> configMap = configMap().getData().keySet();
        String readme = readme();
        Set<String> undocumented = variablesTheAppReads().stream()
                .filter(v -> !configMap.contains(v) && !readme.contains("`" + v + "`"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(undocumented).as("read by the app, in neither k8s/configmap.yaml nor README.md").isEmpty();
    }

    // --- alerts -------------------------------------------------------------------------------------------------

    @Test
    void everyAlertUsesASeriesAfkExports() throws IOException {
        Set<String> exported = exportedSeries();
        String rules = Files.readString(K8S.resolve("monitoring/prometheusrule.yaml"));
        Set<String> used = new TreeSet<>();
        for (String expr : alertExpressions()) {
            Matcher m = Pattern.compile("\\bafk_[a-z0-9_]+").matcher(expr);
            while (m.find()) {
                used.add(m.group());
            }
        }
        assertThat(used).as("the alerts name AFK series").isNotEmpty();
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(exported);
        unknown.removeAll(PENDING_METRICS);
        assertThat(unknown).as("series no code exports (exported: " + exported + ")").isEmpty();
        for (String pending : PENDING_METRICS) {
            if (used.contains(pending) && !exported.contains(pending)) {
                assertThat(rules).as("prometheusrule.yaml says that " + pending + " does not exist yet")
                        .contains(pending + " (a gauge");
            }
        }
        assertThat(used).contains("afk_ticks_total", "afk_escalations_total", "afk_adapter_failures_total");
    }

    // ================================================================================================================

    /** Counters from the routes' micrometer URIs, gauges registered in Java, as Prometheus names them. */
    private static Set<String> exportedSeries() throws IOException {
        Set<String> series = new TreeSet<>();
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            for (Path route : routes.toList()) {
                Matcher m = Pattern.compile("micrometer:counter:([a-z0-9.]+)").matcher(Files.readString(route));
                while (m.find()) {
                    series.add(m.group(1).replace('.', '_') + "_total");
                }
            }
        }
        try (Stream<Path> java = Files.walk(Path.of("src/main/java"))) {
            for (Path source : java.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("Gauge\\.builder\\(\\s*\"([a-z0-9.]+)\"|GAUGE\\s*=\\s*\"([a-z0-9.]+)\"")
                        .matcher(Files.readString(source));
                while (m.find()) {
                    series.add((m.group(1) != null ? m.group(1) : m.group(2)).replace('.', '_'));
                }
            }
        }
        return series;
    }

    private static List<String> alertExpressions() throws IOException {
        GenericKubernetesResource rule = generic("monitoring/prometheusrule.yaml");
        List<Map<String, Object>> groups = rule.get("spec", "groups");
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> group : groups) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rules = (List<Map<String, Object>>) group.get("rules");
            rules.forEach(r -> exprs.add(String.valueOf(r.get("expr"))));
        }
        return exprs;
    }

    /** Every environment variable the app reads: the {{env:...}} placeholders of every profile, and Config's. */
    private static Set<String> variablesTheAppReads() throws IOException {
        Set<String> read = new TreeSet<>(Config.VARIABLES.values());
        try (Stream<Path> files = Files.list(Path.of("src/main/resources"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("application.*\\.properties")).toList()) {
                Matcher m = Pattern.compile("\\{\\{env:([A-Za-z0-9_]+)").matcher(Files.readString(f));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        return read;
    }

    /** The receiver's port as k8s/webhooks/ turns it on (the base ConfigMap ships it empty: off). */
    private static int webhookPort() throws IOException {
        ConfigMap patch = (ConfigMap) load("webhooks/configmap-webhooks.yaml").get(0);
        assertThat(configMap().getData()).containsEntry("AFK_WEBHOOK_PORT", "");
        return Integer.parseInt(patch.getData().get("AFK_WEBHOOK_PORT"));
    }

    /** Every Service in the k8s/*.yaml files (the management Service included). */
    private static List<Service> services() throws IOException {
        List<Service> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                load(f.getFileName().toString()).stream().filter(Service.class::isInstance).map(Service.class::cast)
                        .forEach(found::add);
            }
        }
        return found;
    }

    private static int managementPort() throws IOException {
        String management = appProperty("camel.management.port").orElseThrow();
        String server = appProperty("camel.server.port").orElseThrow();
        assertThat(server).as("the status view is served on the management port").isEqualTo(management);
        Matcher m = Pattern.compile("\\{\\{env:MANAGEMENT_PORT:(\\d+)}}").matcher(management);
        assertThat(m.matches()).as("camel.management.port reads MANAGEMENT_PORT: " + management).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String camelManagementPath(String option, String camelDefault) throws IOException {
        return appProperty("camel.management." + option).orElse(camelDefault);
    }

    /** A key of application.properties (the prod profile's file adds nothing to these), Camel's relaxed names. */
    private static Optional<String> appProperty(String key) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            p.load(in);
        }
        String wanted = relaxed(key);
        return p.stringPropertyNames().stream().filter(k -> relaxed(k).equals(wanted)).findFirst()
                .map(p::getProperty);
    }

    private static String relaxed(String key) {
        return key.replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static void assertProbe(Probe probe, String path, int port, String portName) {
        assertThat(probe).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        IntOrString p = probe.getHttpGet().getPort();
        assertThat(p.getIntVal() != null ? p.getIntVal().toString() : p.getStrVal())
                .isIn(String.valueOf(port), portName);
    }

    private static int containerPortNamed(Container c, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return c.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
    }

    private static String repository(String image) {
        String noDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = noDigest.lastIndexOf('/');
        int colon = noDigest.lastIndexOf(':');
        return colon > slash ? noDigest.substring(0, colon) : noDigest;
    }

    private static long number(Object o) {
        assertThat(o).isInstanceOf(Number.class);
        return ((Number) o).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> clusterLabels() throws Exception {
        var field = ClusterConfiguration.class.getDeclaredField("LABELS");
        field.setAccessible(true);
        return (Map<String, String>) field.get(null);
    }

    private static Map<String, Object> kustomizeImage() throws IOException {
        GenericKubernetesResource k = generic("kustomization.yaml");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> images = (List<Map<String, Object>>) k.getAdditionalProperties().get("images");
        assertThat(images).as("kustomization.yaml images:").hasSize(1);
        return images.get(0);
    }

    private static String pom(String xpath) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        Document doc = f.newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
        assertThat(nodes.getLength()).as("pom.xml " + xpath).isEqualTo(1);
        return nodes.item(0).getTextContent().strip();
    }

    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
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

    private static GenericKubernetesResource integration() throws IOException {
        return generic("integration.yaml");
    }

    /** The Integration's spec.template.spec, read as the PodSpec the pod trait merges it into. */
    private static PodSpec integrationPod() throws IOException {
        return YAML.convertValue(integration().get("spec", "template", "spec"), PodSpec.class);
    }

    private static Container integrationContainer() throws IOException {
        String name = integration().get("spec", "traits", "container", "name");
        assertThat(name).as("container.name (else Camel K names it 'integration')").isNotNull();
        return integrationPod().getContainers().stream().filter(c -> name.equals(c.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("spec.template has no container " + name
                        + ": its additions would not be merged into the integration's container"));
    }

    /** The labels Camel K puts on the pods from the Integration's own: those the owner trait's targetLabels name. */
    private static Map<String, String> integrationPodLabels() throws IOException {
        return ownerTransferred(integration().getMetadata().getLabels(), "targetLabels");
    }

    private static Map<String, String> integrationPodAnnotations() throws IOException {
        return ownerTransferred(integration().getMetadata().getAnnotations(), "targetAnnotations");
    }

    private static Map<String, String> ownerTransferred(Map<String, String> own, String option) throws IOException {
        List<String> keys = integration().get("spec", "traits", "owner", option);
        Map<String, String> onPods = new HashMap<>();
        if (own != null && keys != null) {
            keys.stream().filter(own::containsKey).forEach(k -> onPods.put(k, own.get(k)));
        }
        return onPods;
    }

    /** A manifest as plain maps, whichever model class fabric8 has for its kind (PodMonitor has one, CRDs not). */
    private static GenericKubernetesResource generic(String file) throws IOException {
        return YAML.convertValue(load(file).get(0), GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(K8S.resolve(file))) {
            Object parsed = YAML.unmarshal(in);
            return parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
        }
    }

    // --- a small Containerfile reader: instructions per stage, continuation lines joined, comments dropped ----

    private static Containerfile containerfile() throws IOException {
        return Containerfile.parse(Files.readString(Path.of("Containerfile")));
    }

    record Instruction(String keyword, String args) { }

    record Stage(String name, String image, List<Instruction> instructions) {
        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
        }

        String single(String keyword) {
            List<String> found = all(keyword);
            assertThat(found).as("stage " + name + ": one " + keyword).hasSize(1);
            return found.get(0);
        }
    }

    record Containerfile(List<Stage> stages) {
        static Containerfile parse(String text) {
            List<String> lines = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String raw : text.split("\n")) {
                String line = raw.strip();
                if (current.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                    continue;
                }
                if (line.startsWith("#")) {
                    continue; // a comment inside a continued instruction
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                } else {
                    current.append(line);
                    lines.add(current.toString().replaceAll("\\s+", " ").strip());
                    current.setLength(0);
                }
            }
            Map<String, String> globalArgs = new LinkedHashMap<>();
            List<Stage> stages = new ArrayList<>();
            List<Instruction> body = null;
            for (String line : lines) {
                String[] parts = line.split(" ", 2);
                String keyword = parts[0].toUpperCase(Locale.ROOT);
                String args = parts.length > 1 ? parts[1] : "";
                if (keyword.equals("FROM")) {
                    String[] from = args.split(" ");
                    String image = resolve(from[0], globalArgs);
                    String name = from.length == 3 && from[1].equalsIgnoreCase("AS") ? from[2]
                            : String.valueOf(stages.size());
                    body = new ArrayList<>();
                    stages.add(new Stage(name, image, body));
                } else if (body == null) {
                    assertThat(keyword).as("only ARG may come before the first FROM").isEqualTo("ARG");
                    String[] kv = args.split("=", 2);
                    globalArgs.put(kv[0], kv.length > 1 ? kv[1] : "");
                } else {
                    body.add(new Instruction(keyword, args));
                }
            }
            return new Containerfile(stages);
        }

        private static String resolve(String image, Map<String, String> args) {
            Matcher m = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?").matcher(image);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(m.group(1), "")));
            }
            return m.appendTail(out).toString();
        }

        Stage stage(String name) {
            return stages.stream().filter(s -> s.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no stage " + name));
        }

        Stage last() {
            return stages.get(stages.size() - 1);
        }

        List<String> all(String keyword) {
            return stages.stream().flatMap(s -> s.all(keyword).stream()).toList();
        }
    }
}
