package dev.hookbook.kernel.render;

/** A type of a library's own, which the engine and the kernel know nothing about. */
public record Temperature(double celsius) {}
