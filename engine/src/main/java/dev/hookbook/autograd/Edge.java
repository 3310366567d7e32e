package dev.hookbook.autograd;

/**
 * Where a gradient goes next: input {@code inputNr} of {@code node}, a tensor of {@code shape}.
 * The shape lets the engine check every gradient a backward rule returns.
 */
public record Edge(Node node, int inputNr, int[] shape) {}
