package dev.hookbook.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The folders a data set is looked for in, in order: the one the caller gave,
 * {@code $HOOKBOOK_DATA/<folder>}, {@code ~/.cache/hookbook/<folder>} (where downloads go), and the
 * folder a system package installs it in. A folder holds the data set when it has all four
 * files, each gzipped as published or unpacked.
 */
final class DataFolders {

    /** One place looked at: how the error names it, and the folder (null when it does not apply). */
    record Place(String description, Path folder) {}

    private final DataSource source;
    private final List<Place> places = new ArrayList<>();
    private final Path cache;

    DataFolders(DataSource source, Path given, Environment environment) {
        this.source = source;
        this.cache = environment.cacheFolder().resolve(source.folder());
        if (given != null) {
            places.add(new Place(given.toString(), given));
        }
        Path data = environment.dataFolder();
        places.add(data == null
                ? new Place("$" + Environment.DATA_VARIABLE + "/" + source.folder(), null)
                : new Place(data.resolve(source.folder()).toString(), data.resolve(source.folder())));
        places.add(new Place(cache.toString(), cache));
        if (source.packaged() != null) {
            places.add(new Place(source.packaged().toString(), source.packaged()));
        }
    }

    /** Where downloads go. */
    Path cache() {
        return cache;
    }

    /** The first place that holds all four files. */
    Optional<Path> find() {
        return places.stream().map(Place::folder).filter(folder -> folder != null && missing(folder).isEmpty()).findFirst();
    }

    /** The files {@code folder} lacks (all four when it does not exist). */
    List<RemoteFile> missing(Path folder) {
        return source.files().stream().filter(file -> local(folder, file) == null).toList();
    }

    /** Every place and why it did not do: "/x (no such folder), $HOOKBOOK_DATA/x (not set), ...". */
    String describeSearch() {
        List<String> parts = new ArrayList<>();
        for (Place place : places) {
            parts.add(place.description() + " (" + whyNot(place.folder()) + ")");
        }
        return String.join(", ", parts);
    }

    private String whyNot(Path folder) {
        if (folder == null) {
            return "$" + Environment.DATA_VARIABLE + " is not set";
        }
        if (!Files.isDirectory(folder)) {
            return "no such folder";
        }
        List<RemoteFile> missing = missing(folder);
        if (missing.size() == source.files().size()) {
            return "none of the files";
        }
        return "lacks " + String.join(", ", missing.stream().map(RemoteFile::name).toList());
    }

    /** The copy of {@code file} in {@code folder}, gzipped or unpacked, or null when there is none. */
    static Path local(Path folder, RemoteFile file) {
        for (String name : file.localNames()) {
            Path candidate = folder.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
