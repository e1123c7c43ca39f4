/**
 * Who is calling and what they may do: caller authentication ({@code arbiter.auth.mode} = {@code
 * jwt}, {@code mtls}, {@code api-key} or {@code none}), the service's roles, and verification of the
 * end user's or agent's access token whose verified claims become subject attributes.
 */
package dev.arbiter.pdp.security;
