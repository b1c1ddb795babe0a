package dev.afk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The browser test never passes silently without a browser: it fails saying how to install one, or skips when told. */
class DashboardBrowserLookupTest {

    @TempDir
    Path dir;

    @Test
    void withoutChromiumTheBrowserTestFailsAndSaysHowToInstallIt() {
        assertThatThrownBy(() -> DashboardBrowserE2ETest.chromium(dir.toString(), dir.resolve("none"), null))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("apt-get install chromium")
                .hasMessageContaining("-Dafk.browser=skip");
    }

    @Test
    void withoutChromiumAndToldToSkipItIsAReportedSkip() {
        assertThatThrownBy(() -> DashboardBrowserE2ETest.chromium("", dir.resolve("none"), "skip"))
                .isInstanceOf(TestAbortedException.class).hasMessageContaining("apt-get install chromium");
    }

    @Test
    void chromiumIsFoundOnThePathBeforeTheFallback() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path chromium = Files.createFile(bin.resolve("chromium"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path fallback = Files.createFile(dir.resolve("fallback"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(DashboardBrowserE2ETest.chromium(dir + ":" + bin, fallback, null)).isEqualTo(chromium);
        assertThat(DashboardBrowserE2ETest.chromium(dir.toString(), fallback, "skip")).isEqualTo(fallback);
    }
}
