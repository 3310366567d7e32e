package dev.hookbook.interp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamePatternTest {
    private static final List<String> NAMES = List.of("tok", "blocks", "blocks.0", "blocks.0.hook_resid_pre",
            "blocks.0.attn", "blocks.0.attn.hook_z", "blocks.0.hook_resid_post", "blocks.1", "blocks.1.hook_resid_pre",
            "blocks.1.attn", "blocks.1.attn.hook_z", "blocks.1.hook_resid_post", "blocks.10.hook_resid_post", "head");

    @Test
    void aPlainNameMatchesItselfOnly() {
        assertEquals(List.of("blocks.0.attn"), NamePattern.of("blocks.0.attn").filter(NAMES));
        assertFalse(NamePattern.of("blocks.0").test("blocks.0.attn"));
    }

    @Test
    void aStarIsExactlyOneSegment() {
        assertEquals(List.of("blocks.0.hook_resid_post", "blocks.1.hook_resid_post", "blocks.10.hook_resid_post"),
                NamePattern.of("blocks.*.hook_resid_post").filter(NAMES));
        assertEquals(List.of("blocks.0", "blocks.1"), NamePattern.of("blocks.*").filter(NAMES));
        assertFalse(NamePattern.of("*.hook_z").test("blocks.0.attn.hook_z"));
    }

    @Test
    void aDoubleStarIsAnyNumberOfSegmentsNoneIncluded() {
        assertEquals(List.of("blocks.0.attn.hook_z", "blocks.1.attn.hook_z"), NamePattern.of("**.hook_z").filter(NAMES));
        assertTrue(NamePattern.of("blocks.**.hook_z").test("blocks.0.attn.hook_z"));
        assertTrue(NamePattern.of("blocks.**").test("blocks"));
        assertTrue(NamePattern.of("**").test("head"));
        assertFalse(NamePattern.of("blocks.**.hook_z").test("head"));
    }

    @Test
    void aStarInsideASegmentStaysInThatSegment() {
        assertEquals(List.of("blocks.0.hook_resid_pre", "blocks.0.hook_resid_post"), NamePattern.of("blocks.0.hook_resid_*").filter(NAMES));
        assertEquals(List.of("blocks.1"), NamePattern.of("blocks.1").filter(NAMES)); // not blocks.10
        assertTrue(NamePattern.of("b*s.0").test("blocks.0"));
        assertFalse(NamePattern.of("b*0").test("blocks.0"));
    }

    @Test
    void severalPatternsMatchWhatAnyOfThemMatches() {
        assertEquals(List.of("tok", "head"), NamePattern.of("head", "tok").filter(NAMES));
        assertEquals("head | tok", NamePattern.of("head", "tok").toString());
    }

    @Test
    void anEmptyPatternIsRefused() {
        assertMessage(IllegalArgumentException.class, () -> NamePattern.of(""), "expected dotted names or patterns", "an empty string");
        assertMessage(IllegalArgumentException.class, NamePattern::of, "expected at least one pattern");
    }
}
