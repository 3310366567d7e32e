package dev.hookbook.widgets;

import dev.hookbook.display.MimeBundle;

/** A piece of HTML (ipywidgets' {@code HTML}, {@code HTMLModel}); without widgets the HTML itself is shown. */
public final class HTML extends Widget<String> {

    /** Shows {@code value}, a piece of HTML. */
    public HTML(String value) {
        super("HTMLModel", "HTMLView");
        describedBy("", Style.html());
        setInitial("placeholder", "\u200b");
        setInitial("value", value == null ? "" : value);
    }

    @Override
    public String value() {
        return (String) get("value");
    }

    @Override
    public void setValue(String value) {
        set("value", value == null ? "" : value);
    }

    @Override
    void fallback(MimeBundle bundle) {
        bundle.with(MimeBundle.HTML, value());
    }
}
