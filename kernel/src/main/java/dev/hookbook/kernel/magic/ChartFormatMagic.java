package dev.hookbook.kernel.magic;


import dev.hookbook.display.MimeBundle;

import java.util.List;

/** {@code %chartformat png svg}: the formats charts are shown in from now on (PNG by default). */
final class ChartFormatMagic implements Magic {

    @Override
    public String name() {
        return "chartformat";
    }

    @Override
    public String usage() {
        return "png|svg... (formats of the charts shown from now on)";
    }

    @Override
    public void run(List<String> arguments, MagicContext context) {
        String[] formats = arguments.stream().map(ChartFormatMagic::mimeType).toArray(String[]::new);
        context.renderers().chartFormats(formats);
        System.out.println("Charts are shown as " + String.join(" and ", formats));
    }

    private static String mimeType(String format) {
        return switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "png", "image/png" -> MimeBundle.PNG;
            case "svg", "image/svg+xml" -> MimeBundle.SVG;
            default -> throw new IllegalArgumentException("unknown chart format " + format + "; use png or svg");
        };
    }
}
