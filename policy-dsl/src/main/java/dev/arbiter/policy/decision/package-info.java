/**
 * What an evaluation answers: the decision, the obligations and advice that come with it, the
 * reasons (which rules decided), the errors met on the way, and an optional trace. Immutable values.
 */
package dev.arbiter.policy.decision;
