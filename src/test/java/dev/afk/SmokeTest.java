package dev.afk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void applicationClassIsOnTheClasspath() {
        assertThat(AfkApplication.class.getPackageName()).isEqualTo("dev.afk");
    }
}
