package dev.afk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Camel Main 4.18 reads {@code camel.main.profile} from application.properties with plain
 * {@link java.util.Properties}, before placeholders are resolved, and loads {@code application-<profile>.properties}
 * from that raw value. A placeholder there ({@code {{env:AFK_PROFILE:prod}}}) names a file that does not exist, so
 * the profile's overrides silently never apply. Choosing another profile is done with {@code CAMEL_MAIN_PROFILE} or
 * {@code -Dcamel.main.profile}, which Camel Main reads first.
 */
class ProdProfileTest {

    @Test
    void theDefaultProfileIsALiteralProdSoApplicationProdPropertiesIsLoaded() throws Exception {
        Properties raw = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            raw.load(in);
        }
        assertThat(raw.getProperty("camel.main.profile")).isEqualTo("prod");
        assertThat(getClass().getResource("/application-prod.properties")).isNotNull();
    }

    @Test
    void theProdProfileTurnsOffTheDebuggersRmiPortAndTheManagementUploads() throws Exception {
        Properties prod = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application-prod.properties")) {
            prod.load(in);
        }
        assertThat(prod).containsEntry("camel.debug.jmxConnectorEnabled", "false")
                .containsEntry("camel.management.uploadEnabled", "false")
                .containsEntry("camel.management.sendEnabled", "false");
        assertThat(prod.stringPropertyNames()).noneMatch(k -> k.startsWith("afk."));
    }
}
