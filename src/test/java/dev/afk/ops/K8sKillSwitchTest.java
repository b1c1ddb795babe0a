package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The live disarm path on Kubernetes: AFK_KILL_SWITCH_FILE points into the afk-kill-switch ConfigMap, mounted as a
 * directory (a subPath mount would never see an edit), defaulting to "false", and applied by kustomize.
 */
class K8sKillSwitchTest {

    private static final Path DIR = Path.of("k8s");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    private static <T> T load(String file, Class<T> type) throws IOException {
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            return type.cast(YAML.unmarshal(in));
        }
    }

    @Test
    void theKillSwitchFileLivesInARefreshableConfigMapMountThatDefaultsToArmedByTheStartUpKeys() throws IOException {
        ConfigMap settings = load("configmap.yaml", ConfigMap.class);
        ConfigMap killSwitch = load("kill-switch.yaml", ConfigMap.class);
        Deployment deployment = load("deployment.yaml", Deployment.class);

        assertThat(killSwitch.getMetadata().getName()).isEqualTo("afk-kill-switch");
        assertThat(killSwitch.getData()).containsEntry("kill-switch", "false");
        String file = settings.getData().get("AFK_KILL_SWITCH_FILE");
        assertThat(file).endsWith("/kill-switch");

        Container app = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        VolumeMount mount = app.getVolumeMounts().stream().filter(m -> m.getName().equals("kill-switch"))
                .findFirst().orElseThrow();
        assertThat(file).startsWith(mount.getMountPath() + "/");
        assertThat(mount.getSubPath()).as("a subPath mount is never refreshed").isNull();
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(v -> v.getName().equals("kill-switch") && v.getConfigMap() != null
                        && "afk-kill-switch".equals(v.getConfigMap().getName()));
        assertThat(Files.readString(DIR.resolve("kustomization.yaml"))).contains("- kill-switch.yaml");
        assertThat(settings.getData()).containsKey("AFK_TRACKER_LOGIN");
    }
}
