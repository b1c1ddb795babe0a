package dev.afk.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One delivery as the receiver got it (issue 13): the dialect (from the path), the three headers (null when absent)
 * and the raw body, exactly the bytes the tracker signed.
 */
public record WebhookDelivery(WebhookDialect dialect, String event, String deliveryId, String signature, byte[] body) {

    public WebhookDelivery {
        Objects.requireNonNull(dialect, "dialect");
        body = body == null ? new byte[0] : body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookDelivery d && dialect == d.dialect && Objects.equals(event, d.event)
                && Objects.equals(deliveryId, d.deliveryId) && Objects.equals(signature, d.signature)
                && Arrays.equals(body, d.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dialect, event, deliveryId, signature, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        // never the body (tracker text) nor the signature
        return "WebhookDelivery[" + dialect.wire() + " event=" + event + " delivery=" + deliveryId + " bytes="
                + body.length + "]";
    }
}
