package dev.afk.routes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afk.core.StopAsk;
import dev.afk.sim.SimRequest;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** {@code direct:afk-stop-ask} with AFK_TRUSTED_LABELERS empty: write or admin permission on the repository decides. */
abstract class StopAskByPermissionRouteTest extends StopAskRouteTest {

    @Override
    final boolean listed() {
        return false;
    }

    @Test
    void aWriterStopsAfterOnePermissionReadPerPersonJudged() {
        comment("rita", "lgtm");
        comment("wes", "thanks");
        long id = comment("wes", "/afk stop");
        assertThat(ask()).isEqualTo(StopAsk.stop("wes", id));
        // wes asked (and wrote a comment the relay judges), rita's comment is judged for the relay: one read each.
        assertThat(permissionReads()).extracting(SimRequest::path).hasSize(2)
                .anySatisfy(p -> assertThat(p).endsWith("/collaborators/wes/permission"))
                .anySatisfy(p -> assertThat(p).endsWith("/collaborators/rita/permission"));
    }

    @Test
    void aReadOnlyUserIsIgnoredNamingTheirPermission() {
        long id = comment("rita", "/afk stop");
        try (CapturedLogs logs = CapturedLogs.attach()) {
            assertThat(ask()).isEqualTo(StopAsk.ignored("rita", id, "'rita' has read permission on the repository;"
                    + " /afk stop needs write or admin (AFK_TRUSTED_LABELERS is empty)"));
            assertThat(logs.at(Level.WARN)).singleElement().satisfies(l ->
                    assertThat(l.text()).contains("ignored /afk stop", "by=rita", "read permission"));
        }
    }

    @Test
    void aCommenterWhoIsNoCollaboratorIsIgnoredAndAnAdminsLaterAskStops() {
        long stranger = comment("passer-by", "/afk stop");
        assertThat(ask()).as("no collaborator: read on a public repository").isEqualTo(StopAsk.ignored("passer-by",
                stranger, "'passer-by' has read permission on the repository; /afk stop needs write or admin"
                        + " (AFK_TRUSTED_LABELERS is empty)"));
        model().setPrivate(repo, true);
        assertThat(ask().why()).as("and none on a private one").startsWith("'passer-by' has none permission");
        long admin = comment("ada", "/afk stop");
        comment("rita", "/afk stop");
        assertThat(ask()).as("a later untrusted ask does not undo it").isEqualTo(StopAsk.stop("ada", admin));
    }
}
