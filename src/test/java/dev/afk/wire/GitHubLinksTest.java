package dev.afk.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.afk.adapter.AdapterFailure;
import dev.afk.adapter.ListIssues;
import dev.afk.core.RepoRef;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;

/** Following {@code Link: rel="next"} exactly as given (docs/reference/trackers.md §2: the issue list may page by cursor). */
class GitHubLinksTest {

    static final HttpCall FIRST = GitHubWire.listIssues(new ListIssues(RepoRef.parse("acme/widgets"), "x"));

    @Test
    void theNextPageIsTheRelNextUrlAmongOthers() {
        String link = "<https://api.github.com/repositories/1/issues?per_page=100&after=Y3Vyc29y%3D>; rel=\"next\", "
                + "<https://api.github.com/repositories/1/issues?per_page=100&before=abc>; rel=\"prev\"";
        assertThat(GitHubLinks.nextUrl(link))
                .isEqualTo("https://api.github.com/repositories/1/issues?per_page=100&after=Y3Vyc29y%3D");
    }

    @Test
    void theLastPageHasNoNext() {
        assertThat(GitHubLinks.nextUrl(null)).isNull();
        assertThat(GitHubLinks.nextUrl("<https://api.github.com/x?page=1>; rel=\"first\", "
                + "<https://api.github.com/x?page=3>; rel=\"prev\"")).isNull();
        assertThat(GitHubLinks.next(FIRST, "", "https://api.github.com")).isNull();
    }

    @Test
    void theNextRequestKeepsTheLinkPathAndQueryVerbatimBelowTheBase() {
        HttpCall next = GitHubLinks.next(FIRST,
                "<https://ghe.example/api/v3/repositories/1/issues?labels=a%20b&after=Zm9v%2Bbar>; rel=\"next\"",
                "https://ghe.example/api/v3/");
        assertThat(next.path()).isEqualTo("/repositories/1/issues");
        assertThat(next.query()).isEqualTo("labels=a%20b&after=Zm9v%2Bbar");
        assertThat(next.op()).isEqualTo(FIRST.op());
        assertThat(next.method()).isEqualTo("GET");
    }

    @Test
    void aNextLinkToAnotherHostIsRefusedSoTheTokenNeverLeaves() {
        AdapterFailure f = catchThrowableOfType(AdapterFailure.class, () -> GitHubLinks.next(FIRST,
                "<https://evil.example/repos/acme/widgets/issues?after=x>; rel=\"next\"", "https://api.github.com"));
        assertThat(f.kind()).isEqualTo(AdapterFailure.Kind.MALFORMED);
        AdapterFailure prefix = catchThrowableOfType(AdapterFailure.class, () -> GitHubLinks.next(FIRST,
                "<https://api.github.com.evil.example/x>; rel=\"next\"", "https://api.github.com"));
        assertThat(prefix).isNotNull();
    }

    @Property(tries = 1000)
    void theNextUrlIsFoundWhereverItStandsAmongTheOtherRelations(
            @ForAll @StringLength(min = 1, max = 40) @AlphaChars @NumericChars @Chars({'-', '_', '%', '='}) String cursor,
            @ForAll boolean withPrev, @ForAll boolean withLast, @ForAll boolean withFirst, @ForAll long seed) {
        String next = "https://api.github.com/repositories/9/issues?per_page=100&after=" + cursor;
        List<String> parts = new ArrayList<>(List.of("<" + next + ">; rel=\"next\""));
        if (withPrev) {
            parts.add("<https://api.github.com/repositories/9/issues?before=" + cursor + ">; rel=\"prev\"");
        }
        if (withLast) {
            parts.add("<https://api.github.com/repositories/9/issues?page=99>; rel=\"last\"");
        }
        if (withFirst) {
            parts.add("<https://api.github.com/repositories/9/issues>; rel=\"first\"");
        }
        Collections.shuffle(parts, new java.util.Random(seed));
        assertThat(GitHubLinks.nextUrl(String.join(", ", parts))).isEqualTo(next);
        parts.removeIf(p -> p.endsWith("rel=\"next\""));
        assertThat(GitHubLinks.nextUrl(String.join(", ", parts))).isNull();
    }
}
