package dev.hookbook.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A data set published as MNIST's four IDX files: where it is published, the files with their
 * checksums, and what to tell a user who has none of it.
 *
 * @param title       its name for people, "Fashion-MNIST"
 * @param folder      its folder's name under {@code $HOOKBOOK_DATA} and the cache, "fashion-mnist"
 * @param baseUrl     the official location, ending in "/"; the files lie right under it
 * @param packaged    the folder a system package installs it in, or null when there is none
 * @param howToGet    the end of the "not found" message: how to get the files by hand
 * @param classes     labels lie in {@code 0..classes-1}
 */
record DataSource(String title, String folder, URI baseUrl,
                  RemoteFile trainImages, RemoteFile trainLabels, RemoteFile testImages, RemoteFile testLabels,
                  Path packaged, String howToGet, int classes) {

    DataSource {
        if (!baseUrl.toString().endsWith("/")) {
            throw new IllegalArgumentException("the base URL must end in \"/\", found " + baseUrl);
        }
    }

    /** The four files: training images and labels, then test images and labels. */
    List<RemoteFile> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /** Where to download from: a mirror's {@code <mirror>/<folder>/} when {@code environment} names one. */
    URI downloadBase(Environment environment) {
        String mirror = environment.mirror();
        if (mirror == null) {
            return baseUrl;
        }
        return URI.create(mirror.endsWith("/") ? mirror : mirror + "/").resolve(folder + "/");
    }
}
