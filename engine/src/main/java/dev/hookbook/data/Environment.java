package dev.hookbook.data;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * What looking for a data set reads from the machine: environment variables, system properties
 * and the home folder. Tests pass their own, so they never touch the real cache.
 */
record Environment(UnaryOperator<String> variables, UnaryOperator<String> properties, Path home) {

    /** Names a folder that holds data sets, one subfolder each ({@code $HOOKBOOK_DATA/fashion-mnist}). */
    static final String DATA_VARIABLE = "HOOKBOOK_DATA";
    /** A base URL to download from instead of the official one, laid out like the cache. */
    static final String MIRROR_PROPERTY = "hookbook.data.mirror";
    static final String MIRROR_VARIABLE = "HOOKBOOK_DATA_MIRROR";

    /** This JVM's environment, properties and {@code user.home}. */
    static Environment current() {
        return new Environment(System::getenv, System::getProperty, Path.of(System.getProperty("user.home")));
    }

    /** The folder {@code $HOOKBOOK_DATA} names, or null when it is unset or blank. */
    Path dataFolder() {
        String value = variables.apply(DATA_VARIABLE);
        return value == null || value.isBlank() ? null : Path.of(value);
    }

    /** Where downloads go: {@code ~/.cache/hookbook}. */
    Path cacheFolder() {
        return home.resolve(".cache").resolve("hookbook");
    }

    /** The mirror's base URL (the system property wins over the variable), or null for none. */
    String mirror() {
        String value = properties.apply(MIRROR_PROPERTY);
        if (value == null || value.isBlank()) {
            value = variables.apply(MIRROR_VARIABLE);
        }
        return value == null || value.isBlank() ? null : value;
    }
}
