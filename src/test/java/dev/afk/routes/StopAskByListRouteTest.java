package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.StopAsk;
import org.junit.jupiter.api.Test;

/** {@code direct:afk-stop-ask} with AFK_TRUSTED_LABELERS set ({@value #LISTED}): the list alone decides. */
abstract class StopAskByListRouteTest extends StopAskRouteTest {

    @Override
    final boolean listed() {
        return true;
    }

    @Test
    void aListedPersonStopsWithoutAnyPermissionRead() {
        comment("wes", "/afk stop");
        long id = comment("alice", "  /AFK stop\nwe take it from here");
        assertThat(ask()).isEqualTo(StopAsk.stop("alice", id));
        assertThat(permissionReads()).isEmpty();
    }

    @Test
    void anUnlistedWriterIsIgnoredNamingTheList() {
        long id = comment("wes", "/afk stop");
        assertThat(ask()).isEqualTo(StopAsk.ignored("wes", id, "'wes' is not in AFK_TRUSTED_LABELERS"));
        assertThat(permissionReads()).isEmpty();
    }
}
