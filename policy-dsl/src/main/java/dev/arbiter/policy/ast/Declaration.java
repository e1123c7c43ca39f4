package dev.arbiter.policy.ast;

/** A top-level declaration of a {@code .pol} file. */
public sealed interface Declaration extends Node
    permits SchemaDeclaration, Definition, PolicySet, Policy {}
