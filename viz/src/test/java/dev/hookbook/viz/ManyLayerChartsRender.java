package dev.hookbook.viz;

import dev.hookbook.Hookbook;

import java.nio.file.Path;

/** Renders the monitor's charts of notebook 07's GPT and of a 12-block one to PNG files, to look at them. */
public final class ManyLayerChartsRender {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/h25");
        int gptSteps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Hookbook.manualSeed(0);
        var gpt = new TinyGpt(27, 16, 64, 4, 2);           // notebook 07's size
        var m = Monitor.attach(gpt, "tok", "blocks.0.attn", "blocks.0.mlp", "blocks.1.attn", "blocks.1.mlp", "head").name("GPT");
        TinyGpt.train(gpt, gptSteps, 32, m);
        m.close();
        save(m, dir.resolve("gpt2"));
        var deep = new TinyGpt(27, 16, 32, 4, 12);
        var all = Monitor.attach(deep).name("12 blocks");
        TinyGpt.train(deep, 60, 4, all);
        all.close();
        save(all, dir.resolve("gpt12"));
        Hookbook.manualSeed(0);
        var cnn = Models.cnn();
        var watch = Monitor.attach(cnn).name("digits CNN");
        float[] rates = {3e-3f, 3e-4f};
        for (int epoch = 0; epoch < rates.length; epoch++) {
            var opt = new dev.hookbook.optim.Adam(cnn.parameters(), rates[epoch]);
            watch.epoch(epoch + 1);
            watch.learningRate(rates[epoch]);
            for (var b : Models.batches(16)) Models.step(cnn, opt, b, watch);
        }
        watch.close();
        save(watch, dir.resolve("cnn"));
    }

    static void save(Monitor m, Path dir) throws Exception {
        for (var e : m.charts().entrySet()) {
            boolean grid = e.getKey().equals("weights") || e.getKey().equals("activations");
            Charts.savePng(e.getValue(), dir.resolve(e.getKey().replace(':', '-') + ".png"), grid ? 900 : 760, grid ? 520 : 360);
        }
    }
}
