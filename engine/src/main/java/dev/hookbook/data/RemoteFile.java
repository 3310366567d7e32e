package dev.hookbook.data;

import java.util.List;
import java.util.Locale;

/** One file of a published data set: its name and the SHA-256 of the bytes as published. */
record RemoteFile(String name, String sha256) {

    RemoteFile {
        if (!sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(name + ": expected a SHA-256 of 64 hex digits, found \"" + sha256 + "\"");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    /** The names a local copy may have: as published, and unpacked when the published file is gzipped. */
    List<String> localNames() {
        return name.endsWith(".gz") ? List.of(name, name.substring(0, name.length() - 3)) : List.of(name);
    }
}
