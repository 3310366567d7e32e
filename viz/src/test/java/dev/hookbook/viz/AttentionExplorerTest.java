package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.interp.ActivationCache;
import dev.hookbook.interp.Interp;
import dev.hookbook.models.MiniGpt;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.widgets.Image;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Charts#attentionExplorer}: its selectors, its redraws and its fallback without a kernel. */
class AttentionExplorerTest {
    private static final List<String> TOKENS = List.of("a", "b", "c", "a", "b", "c");

    private static ActivationCache cache() {
        Hookbook.manualSeed(3);
        MiniGpt gpt = new MiniGpt(new MiniGpt.Config(5, 8, 16, 2, 2));
        Tensor tokens = Tensor.of(new float[]{0, 1, 2, 0, 1, 2}, 1, 6);
        return Interp.runWithCache(gpt, tokens).cache();
    }

    private static byte[] changed(Image image, byte[] before) throws InterruptedException {
        for (int i = 0; i < 600 && Arrays.equals(image.value(), before); i++) Thread.sleep(50);
        return image.value();
    }

    /** Writes the picture into the directory named by HOOKBOOK_TEST_PICTURES, when set, to look at it. */
    private static void save(String name, Image image) throws IOException {
        String dir = System.getenv("HOOKBOOK_TEST_PICTURES");
        if (dir != null) Files.write(Files.createDirectories(Path.of(dir)).resolve(name), image.value());
    }

    @Test
    void itOffersEveryCachedLayerAndEveryHeadAndStartsAtTheLastLayersHeads() {
        AttentionExplorer explorer = Charts.attentionExplorer(cache(), TOKENS);
        assertEquals(List.of("blocks.0", "blocks.1"), explorer.layerDropdown().options());
        assertEquals("blocks.1", explorer.layerDropdown().value());
        assertEquals(List.of("all", "0", "1"), explorer.headButtons().options());
        assertEquals("all", explorer.headButtons().value());
        assertTrue(explorer.image().value().length > 1000);
    }

    @Test
    void choosingAHeadOrALayerRedrawsTheMap() throws Exception {
        AttentionExplorer explorer = Charts.attentionExplorer(cache(), TOKENS);
        Image image = explorer.image();
        byte[] allHeads = image.value();
        save("attention-all.png", image);
        explorer.headButtons().setValue("1");
        byte[] head1 = changed(image, allHeads);
        assertFalse(Arrays.equals(head1, allHeads), "one head is drawn");
        save("attention-head1.png", image);
        explorer.layerDropdown().setValue("blocks.0");
        byte[] layer0 = changed(image, head1);
        assertFalse(Arrays.equals(layer0, head1), "the other layer's head is drawn");
        assertEquals("AttentionExplorer(2 layers, 2 heads; showing blocks.0, head 1)", explorer.toString());
    }

    @Test
    void withoutAKernelItShowsTheMapItShows() {
        AttentionExplorer explorer = Charts.attentionExplorer(cache(), TOKENS);
        MimeBundle bundle = explorer.toMimeBundle(Set.of(MimeBundle.PNG));
        assertEquals(Base64.getEncoder().encodeToString(explorer.image().value()), bundle.data().get(MimeBundle.PNG));
        assertEquals("AttentionExplorer(2 layers, 2 heads; showing blocks.1, head all)", bundle.plainText());
    }

    @Test
    void badInputSaysWhatWasExpected() {
        ActivationCache cache = cache();
        IllegalArgumentException tokens = assertThrows(IllegalArgumentException.class,
                () -> Charts.attentionExplorer(cache, List.of("a", "b")));
        assertEquals("Charts.attentionExplorer: expected blocks.0.attn.hook_pattern to be [B, heads, T, T] with T = 2 tokens,"
                + " got [1, 2, 6, 6]", tokens.getMessage());
        ActivationCache noPatterns = Interp.runWithCache(new MiniGpt(new MiniGpt.Config(5, 8, 16, 2, 1)),
                name -> name.endsWith("hook_z"), Tensor.of(new float[]{0, 1}, 1, 2)).cache();
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Charts.attentionExplorer(noPatterns, List.of("a", "b")));
        assertTrue(none.getMessage().startsWith("Charts.attentionExplorer: expected a cache with attention patterns"), none.getMessage());
    }
}
