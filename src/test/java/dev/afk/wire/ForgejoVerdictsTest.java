package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afk.core.CheckEvidence;
import dev.afk.core.CiVerdict;
import dev.afk.core.DeployVerdict;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** CI and deploy verdicts from Forgejo's combined status (docs/reference/trackers.md §8), the deploy context left out of CI. */
class ForgejoVerdictsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEPLOY = "deploy";

    /** A combined status from "context=status" pairs, ids ascending in list order. */
    static String combined(String... contextStatus) {
        ObjectNode n = JSON.createObjectNode();
        n.put("state", "whatever-the-server-says");
        n.put("sha", "abc");
        ArrayNode statuses = n.putArray("statuses");
        int id = 1;
        for (String cs : contextStatus) {
            String[] p = cs.split("=");
            statuses.addObject().put("id", id++).put("context", p[0]).put("status", p[1])
                    .put("description", p[0] + " is " + p[1]).put("target_url", "http://ci/" + p[0]);
        }
        n.put("total_count", contextStatus.length);
        return n.toString();
    }

    static Stream<Arguments> ciCases() {
        return Stream.of(
                Arguments.of("empty object (no statuses)", "{}", CiVerdict.State.NONE),
                Arguments.of("empty state and no list", "{\"state\":\"\",\"statuses\":null}", CiVerdict.State.NONE),
                Arguments.of("only the deploy context", combined("deploy=failure"), CiVerdict.State.NONE),
                Arguments.of("all success", combined("a=success", "b=success"), CiVerdict.State.SUCCESS),
                Arguments.of("a warning is CI's own trouble", combined("a=success", "b=warning"),
                        CiVerdict.State.INFRA),
                Arguments.of("one pending", combined("a=success", "b=pending"), CiVerdict.State.PENDING),
                Arguments.of("failure beats pending", combined("a=failure", "b=pending"), CiVerdict.State.FAILURE),
                Arguments.of("error is CI's own failure", combined("a=error"), CiVerdict.State.INFRA),
                Arguments.of("error beats pending", combined("a=error", "b=pending"), CiVerdict.State.INFRA),
                Arguments.of("a real failure beats an error", combined("a=error", "b=failure", "c=warning"),
                        CiVerdict.State.FAILURE),
                Arguments.of("a later success supersedes an error", combined("a=error", "a=success"),
                        CiVerdict.State.SUCCESS),
                Arguments.of("an unknown state waits", combined("a=skipped"), CiVerdict.State.PENDING),
                Arguments.of("the latest status per context wins", combined("a=failure", "a=success"),
                        CiVerdict.State.SUCCESS),
                Arguments.of("a failed deploy is not CI", combined("a=success", "deploy=failure"),
                        CiVerdict.State.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ciCases")
    void ciVerdict(String name, String combined, CiVerdict.State expected) {
        assertThat(ForgejoWire.ciVerdict(combined, DEPLOY).state()).isEqualTo(expected);
    }

    @Test
    void evidenceListsEveryNonSuccessContextWithStateDescriptionAndLink() {
        CiVerdict v = ForgejoWire.ciVerdict(combined("build=success", "test=failure", "lint=pending",
                "deploy=failure"), DEPLOY);
        assertThat(v.evidence()).containsExactly(
                new CheckEvidence("test", "failure", "test is failure", "http://ci/test"),
                new CheckEvidence("lint", "pending", "lint is pending", "http://ci/lint"));
    }

    @Test
    void aLaterListedStatusWithASmallerIdDoesNotReplaceTheNewerOne() {
        String json = "{\"statuses\":[{\"id\":9,\"context\":\"a\",\"status\":\"success\"},"
                + "{\"id\":3,\"context\":\"a\",\"status\":\"failure\"}]}";
        assertThat(ForgejoWire.ciVerdict(json, DEPLOY)).isEqualTo(CiVerdict.SUCCESS);
    }

    static Stream<Arguments> deployCases() {
        return Stream.of(
                Arguments.of("no statuses", "{}", DeployVerdict.State.NONE),
                Arguments.of("CI only", combined("a=success"), DeployVerdict.State.NONE),
                Arguments.of("pending", combined("deploy=pending"), DeployVerdict.State.PENDING),
                Arguments.of("failure", combined("deploy=failure"), DeployVerdict.State.FAILURE),
                Arguments.of("error", combined("deploy=error"), DeployVerdict.State.FAILURE),
                Arguments.of("success after a failure", combined("deploy=failure", "deploy=success"),
                        DeployVerdict.State.SUCCESS),
                Arguments.of("CI failure does not matter", combined("a=failure", "deploy=success"),
                        DeployVerdict.State.SUCCESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployCases")
    void deployVerdict(String name, String combined, DeployVerdict.State expected) {
        assertThat(ForgejoWire.deployVerdict(combined, DEPLOY).state()).isEqualTo(expected);
    }

    @Test
    void theDeployVerdictQuotesItsStatus() {
        assertThat(ForgejoWire.deployVerdict(combined("deploy=success"), DEPLOY).evidence())
                .isEqualTo(new CheckEvidence("deploy", "success", "deploy is success", "http://ci/deploy"));
    }
}
