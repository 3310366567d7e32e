package dev.hookbook.widgets;

import dev.hookbook.display.MimeBundle;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.Base64;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without widgets a box shows the picture of the last image in it, so a saved notebook keeps its chart. */
class BoxFallbackTest {
    private static final byte[] FIRST = {(byte) 0x89, 'P', 'N', 'G', 1};
    private static final byte[] SECOND = {(byte) 0x89, 'P', 'N', 'G', 2};

    @Test
    void aBoxShowsTheLastImageInItOrInABoxInIt() {
        VBox box = new VBox(new IntSlider("x", 0, 5, 2), new Image(FIRST), new HBox(new Label("a"), new Image(SECOND)), new Label("b"));
        MimeBundle bundle = box.toMimeBundle(Set.of(MimeBundle.PNG));
        assertEquals(Base64.getEncoder().encodeToString(SECOND), bundle.data().get(MimeBundle.PNG));
        assertEquals(box.toString(), bundle.plainText());
    }

    @Test
    void anEmptyImageIsPassedOverAndABoxWithoutOneShowsText() {
        VBox box = new VBox(new Image(FIRST), new VBox(new Image()));
        assertEquals(Base64.getEncoder().encodeToString(FIRST), box.toMimeBundle(Set.of()).data().get(MimeBundle.PNG));
        assertFalse(new HBox(new Label("a")).toMimeBundle(Set.of()).data().containsKey(MimeBundle.PNG));
    }

    @Test
    void interactsPictureShowsWithoutWidgets() {
        IntSlider n = new IntSlider("n", 1, 3, 2);
        VBox view = Widgets.interact(() -> new BufferedImage(n.value(), 1, BufferedImage.TYPE_INT_RGB), n);
        assertTrue(view.toMimeBundle(Set.of()).data().containsKey(MimeBundle.PNG));
    }
}
