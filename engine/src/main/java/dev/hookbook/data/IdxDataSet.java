package dev.hookbook.data;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a data set kept as four IDX files (see {@link DataFolders} for where), downloads the
 * missing ones into the cache when no folder holds them all, and reads both splits.
 */
final class IdxDataSet {

    /** The training and test splits. */
    record Splits(TensorDataset train, TensorDataset test) {}

    private IdxDataSet() {}

    /** Loads {@code source}, looking in {@code given} (may be null) first. */
    static Splits load(DataSource source, Path given) {
        return load(source, given, Environment.current(), new Downloader(System.err));
    }

    static Splits load(DataSource source, Path given, Environment environment, Downloader downloader) {
        DataFolders folders = new DataFolders(source, given, environment);
        Optional<Path> found = folders.find();
        if (found.isPresent()) {
            return read(source, found.get());
        }
        String searched = folders.describeSearch();         // as it was before the download changes the cache
        URI base = source.downloadBase(environment);
        try {
            for (RemoteFile file : folders.missing(folders.cache())) {
                downloader.fetch(source.title(), base, file, folders.cache());
            }
        } catch (IOException e) {
            throw new IllegalStateException(source.title() + " not found: looked in " + searched
                    + ", and the download from " + base + " failed (" + reason(e) + "). " + source.howToGet(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the download of " + source.title() + " was interrupted; nothing half-written was kept", e);
        }
        return read(source, folders.cache());
    }

    /** Reads both splits from {@code folder}, which holds all four files. */
    static Splits read(DataSource source, Path folder) {
        return new Splits(split(source, folder, source.trainImages(), source.trainLabels()),
                split(source, folder, source.testImages(), source.testLabels()));
    }

    private static TensorDataset split(DataSource source, Path folder, RemoteFile images, RemoteFile labels) {
        Path imageFile = existing(folder, images);
        Path labelFile = existing(folder, labels);
        IdxReader.Images x = IdxReader.images(imageFile);
        float[] y = IdxReader.labels(labelFile, source.classes());
        if (y.length != x.count()) {
            throw new IllegalStateException(imageFile + " holds " + x.count() + " images but " + labelFile + " holds "
                    + y.length + " labels; expected one label per image");
        }
        // Wrapped, not copied: the arrays are fresh and only these tensors hold them.
        return new TensorDataset(
                Tensor.fromArray(x.pixels(), new int[]{x.count(), 1, x.rows(), x.columns()}, Device.CPU),
                Tensor.fromArray(y, new int[]{y.length}, Device.CPU));
    }

    /** What went wrong, in words: a ConnectException from the HTTP client carries its reason in a cause. */
    private static String reason(Throwable e) {
        if (e.getMessage() != null) {
            return e.getMessage();
        }
        Throwable cause = e.getCause();
        return e.getClass().getSimpleName() + (cause != null && cause.getMessage() != null ? ": " + cause.getMessage() : "");
    }

    private static Path existing(Path folder, RemoteFile file) {
        Path path = DataFolders.local(folder, file);
        if (path == null) {
            throw new IllegalStateException(folder.resolve(file.name()) + ": no such file, gzipped or unpacked");
        }
        return path;
    }
}
