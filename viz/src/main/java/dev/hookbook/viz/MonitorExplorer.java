package dev.hookbook.viz;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.Renderable;
import dev.hookbook.viz.chart.StepPicture;
import dev.hookbook.widgets.Dropdown;
import dev.hookbook.widgets.HBox;
import dev.hookbook.widgets.Image;
import dev.hookbook.widgets.IntSlider;
import dev.hookbook.widgets.Play;
import dev.hookbook.widgets.VBox;
import dev.hookbook.widgets.Widgets;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The steps a {@link Monitor} recorded, to scrub through: made by {@link Monitor#explorer()}. A
 * {@link Play} button and an {@link IntSlider} over the steps (jslinked, so playing moves the
 * slider in the browser), a {@link Dropdown} of the watched modules, and below them an
 * {@link Image} of that module at that step: the histograms of its output and of the gradient at
 * its output, and for a convolution its feature maps (TensorBoard's step slider over its
 * histograms, in a notebook). The picture is redrawn through {@link Widgets#interact}: off the
 * kernel's threads, and coalesced while the slider is dragged or played.
 *
 * <p>The slider runs over step numbers in steps of the distance between the kept snapshots (see
 * {@link Monitor#explorerSteps(int)}); a value between two kept steps shows the one before it. It
 * starts at the last step, so a notebook opened without a kernel (GitHub, nbviewer, the runner's
 * page) shows the picture of the last step.
 */
public final class MonitorExplorer implements Renderable {
    private static final int PLAY_INTERVAL_MS = 200;

    private final String name;
    private final List<String> paths;
    private final List<String> kinds;
    private final List<StepSnapshot> snapshots;
    private final int[] steps;
    private final IntSlider step;
    private final Play play;
    private final Dropdown module;
    private final Image image;
    private final VBox view;

    // The picture drawn last, by its snapshot and module: a tick of Play within one snapshot redraws nothing.
    private int drawnSnapshot = -1;
    private int drawnModule = -1;
    private BufferedImage drawn;

    MonitorExplorer(String name, Map<String, String> modules, List<StepSnapshot> snapshots, int stride) {
        this.name = name;
        this.paths = List.copyOf(modules.keySet());
        this.kinds = List.copyOf(modules.values());
        this.snapshots = List.copyOf(snapshots);
        steps = this.snapshots.stream().mapToInt(StepSnapshot::step).toArray();
        int first = steps.length == 0 ? 0 : steps[0];
        int last = steps.length == 0 ? 0 : steps[steps.length - 1];
        step = new IntSlider("step", first, last, last).step(stride);
        play = new Play(first, last, PLAY_INTERVAL_MS).step(stride);
        play.setValue(last);
        Widgets.jslink(play, step);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) labels.add(label(i));
        module = new Dropdown("module", labels.isEmpty() ? List.of("(no module watched)") : labels);
        // The controls are laid out by hand (the play button beside the slider), so only the picture is interactive output.
        VBox picture = Widgets.interactiveOutput(this::picture, step, module);
        image = picture.lastImage();
        view = new VBox(new HBox(play, step), module, picture);
    }

    private String label(int i) {
        return (paths.get(i).isEmpty() ? "model" : paths.get(i)) + " (" + kinds.get(i) + ")";
    }


    /** The picture of the module chosen at the step chosen, drawn again only when either changed. */
    private synchronized Object picture() {
        if (steps.length == 0) return "No steps recorded yet: train with the monitor attached, then call explorer() again.";
        if (paths.isEmpty()) return "The monitor watches no module.";
        int s = snapshotAt(step.value());
        int m = module.index();
        if (s != drawnSnapshot || m != drawnModule || drawn == null) {
            drawn = StepPicture.draw(snapshots.get(s), paths.get(m), kinds.get(m), steps[steps.length - 1], name);
            drawnSnapshot = s;
            drawnModule = m;
        }
        return drawn;
    }

    /** The kept snapshot at {@code value} or the last one before it. */
    private int snapshotAt(int value) {
        int lo = 0, hi = steps.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (steps[mid] <= value) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** The slider over the steps. */
    public IntSlider stepSlider() {
        return step;
    }

    /** The play button, linked to the slider in the front end. */
    public Play play() {
        return play;
    }

    /** The drop-down of the modules, labelled {@code "path (Type)"}. */
    public Dropdown moduleDropdown() {
        return module;
    }

    /** The picture of the module and step chosen (null when there is nothing to draw). */
    public Image image() {
        return image;
    }

    /** The whole widget: the controls above the picture. */
    public VBox widget() {
        return view;
    }

    /** The step numbers that can be shown, oldest first. */
    public List<Integer> steps() {
        List<Integer> list = new ArrayList<>();
        for (int s : steps) list.add(s);
        return list;
    }

    /** The step and module shown now: {@code "step 940, module 0 (Conv2d)"}. */
    public String showing() {
        if (steps.length == 0 || paths.isEmpty()) return "nothing recorded";
        return "step " + steps[snapshotAt(step.value())] + ", module " + module.value();
    }

    /** The widget, with a one-line text fallback and the picture for front ends without widgets. */
    @Override
    public MimeBundle toMimeBundle(Set<String> imageFormats) {
        return view.toMimeBundle(imageFormats).with(MimeBundle.TEXT, toString());
    }

    @Override
    public String toString() {
        return "MonitorExplorer(" + steps.length + " steps kept of " + (steps.length == 0 ? 0 : steps[steps.length - 1])
                + ", " + paths.size() + " modules; showing " + showing() + ")";
    }
}
