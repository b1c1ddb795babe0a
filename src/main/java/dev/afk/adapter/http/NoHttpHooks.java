package dev.afk.adapter.http;

import org.apache.camel.Exchange;

/** The hooks of a system without quirks at the HTTP level (T3, Forgejo): every step leaves the exchange alone. */
public class NoHttpHooks implements HttpHooks {

    public NoHttpHooks() {}

    @Override
    public void request(Exchange exchange) {
    }

    @Override
    public void reply(Exchange exchange) {
    }

    @Override
    public void answer(Exchange exchange) {
    }

    @Override
    public void failed(Exchange exchange) {
    }
}
