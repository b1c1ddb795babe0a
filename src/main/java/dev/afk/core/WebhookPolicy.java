package dev.afk.core;

import java.util.Set;

/** Issue 13: judges one delivery (implemented by the policy helper; this is the interface). */
public final class WebhookPolicy {

    private WebhookPolicy() {}

    /**
     * @param secret the secret's bytes as read for this delivery, null when the file is missing, unreadable or empty
     * @param maxBytes the largest body accepted ({@code AFK_WEBHOOK_MAX_BYTES})
     * @param allowlist {@code AFK_ALLOWLIST}
     */
    public static WebhookVerdict judge(WebhookDelivery delivery, byte[] secret, int maxBytes, Set<RepoRef> allowlist) {
        throw new UnsupportedOperationException("issue 13: WebhookPolicy.judge");
    }
}
