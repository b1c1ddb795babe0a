package dev.afk.sim;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a request against Forgejo's API description ({@code contracts/forgejo-swagger.json}, Swagger 2.0, basePath
 * {@code /api/v1}) with the atlassian swagger-request-validator: path, method, query and body.
 *
 * <p>Two levels differ from the library's defaults. An unexpected query parameter is an error: Forgejo would ignore
 * it, but a client relying on a parameter the API does not have is exactly the drift this check exists to catch.
 * Security is not checked here: the simulator checks the token itself and answers the real 401.
 *
 * <p>Parsing the 775 kB description takes a second or two, so one validator is shared by every simulator.
 */
final class ForgejoSimContract {

    static final String SPEC = "contracts/forgejo-swagger.json";

    private static volatile OpenApiInteractionValidator validator;

    private ForgejoSimContract() {}

    /** Why the request breaks the contract; empty when it does not. */
    static List<String> violations(String method, String path, Map<String, String> query,
            Map<String, String> headers, String body) {
        SimpleRequest.Builder b = new SimpleRequest.Builder(Request.Method.valueOf(method.toUpperCase()), path);
        query.forEach(b::withQueryParam);
        headers.forEach(b::withHeader);
        if (body != null && !body.isEmpty()) {
            b.withBody(body);
        }
        ValidationReport report = validator().validateRequest(b.build());
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage())
                .toList();
    }

    /**
     * Why a reply breaks the contract (its status is one the operation declares, its JSON body matches that status's
     * schema); empty when it does not. {@code path} is the API path with the {@code /api/v1} base, as a request's.
     *
     * <p>A {@code null} value is never a violation: the description is generated from Forgejo's Go structs and
     * declares no nullability (Swagger 2.0 has none), while Forgejo serialises an unset pointer or slice as
     * {@code null} (an issue's {@code pull_request: null}, docs/reference/trackers.md §2). Every other type mismatch
     * counts.
     */
    static List<String> replyViolations(String method, String path, int status, String body) {
        SimpleResponse.Builder b = SimpleResponse.Builder.status(status).withContentType("application/json");
        if (body != null && !body.isEmpty()) {
            b.withBody(body);
        }
        ValidationReport report = validator().validateResponse(path, Request.Method.valueOf(method.toUpperCase()),
                b.build());
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !(m.getKey().equals("validation.response.body.schema.type")
                        && m.getMessage().contains("Instance type (null)")))
                .map(m -> m.getKey() + ": " + m.getMessage())
                .toList();
    }

    private static volatile Set<String> statusStates;

    /**
     * The commit status states the description defines: {@code CommitStatusState} names them only in its text
     * ("pending", "success", "error" and "failure"), so the enum is read from the statuses listing's {@code state}
     * filter, which also has {@code warning} (docs/reference/trackers.md §8: error &lt; failure &lt; warning &lt;
     * pending &lt; success).
     */
    static Set<String> commitStatusStates() {
        Set<String> s = statusStates;
        if (s == null) {
            try {
                JsonNode params = new ObjectMapper().readTree(load()).path("paths")
                        .path("/repos/{owner}/{repo}/commits/{ref}/statuses").path("get").path("parameters");
                Set<String> states = new TreeSet<>();
                for (JsonNode p : params) {
                    if (p.path("name").asText().equals("state")) {
                        p.path("enum").forEach(e -> states.add(e.asText()));
                    }
                }
                if (states.isEmpty()) {
                    throw new IllegalStateException(SPEC + " defines no commit status states");
                }
                s = Set.copyOf(states);
                statusStates = s;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s;
    }

    /** Loads the description now (e.g. before a test's clock starts). */
    static void preload() {
        validator();
    }

    private static OpenApiInteractionValidator validator() {
        OpenApiInteractionValidator v = validator;
        if (v == null) {
            synchronized (ForgejoSimContract.class) {
                v = validator;
                if (v == null) {
                    v = OpenApiInteractionValidator.createFor(api())
                            .withLevelResolver(LevelResolver.create()
                                    .withLevel("validation.request.parameter.query.unexpected",
                                            ValidationReport.Level.ERROR)
                                    .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                                    .build())
                            .build();
                    validator = v;
                }
            }
        }
        return v;
    }

    /**
     * The description as an OpenAPI 3 model, with one repair. {@code IssueLabelsOption.labels} has {@code "items": {}}
     * (names or ids, per its description); the Swagger 2 converter turns that empty schema into {@code type: object},
     * which would reject both. It is put back to "any" so the server's own rules (names or ids, not mixed) apply.
     */
    private static OpenAPI api() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(load(), null, options);
        OpenAPI api = parsed.getOpenAPI();
        if (api == null) {
            throw new IllegalStateException(SPEC + " cannot be read: " + parsed.getMessages());
        }
        Schema<?> labels = (Schema<?>) api.getComponents().getSchemas().get("IssueLabelsOption").getProperties()
                .get("labels");
        labels.setItems(new Schema<>());
        return api;
    }

    private static String load() {
        try (InputStream in = ForgejoSimContract.class.getClassLoader().getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
