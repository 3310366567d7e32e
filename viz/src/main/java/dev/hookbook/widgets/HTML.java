package dev.hookbook.widgets;

import dev.hookbook.display.MimeBundle;

/** A piece of HTML (ipywidgets' {@code HTML}, {@code HTMLModel}); without widgets the HTML itself is shown. */
public final class HTML extends StringWidget {

    /** Shows {@code value}, a piece of HTML. */
    public HTML(String value) {
        super("HTMLModel", "HTMLView", Style.html(), value);
    }

    @Override
    void fallback(MimeBundle bundle) {
        bundle.with(MimeBundle.HTML, value());
    }
}
