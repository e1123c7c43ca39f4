package dev.arbiter.pep.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The server's request handlers, each behind the gate: a message is authorized before its handler
 * runs, and a listing is cut down, after its handler ran, to what the caller may see. This is the
 * one place every request of every session passes, whatever registered the tool, resource or
 * prompt it names; a method the server has no handler for is answered by the SDK as not found.
 */
final class GatedHandlers {
  private GatedHandlers() {}

  /** A copy of {@code handlers}, each behind the gate. */
  static Map<String, McpRequestHandler<?>> of(Map<String, McpRequestHandler<?>> handlers, Enforcer enforcer) {
    Map<String, McpRequestHandler<?>> gated = new HashMap<>();
    ConcurrencyCaps caps = new ConcurrencyCaps();
    handlers.forEach((method, handler) -> gated.put(method, Enforcer.LISTINGS.containsKey(method)
        ? listing(method, handler, enforcer) : message(method, handler, enforcer, caps)));
    return Map.copyOf(gated);
  }

  private static McpRequestHandler<Object> message(String method, McpRequestHandler<?> handler, Enforcer enforcer,
      ConcurrencyCaps caps) {
    return (exchange, params) -> blocking(() -> enforcer.message(exchange.transportContext(), method, params))
        .flatMap(verdict -> switch (verdict) {
          case Enforcer.Refused refused -> Mono.error(refused.error());
          case Enforcer.Allowed allowed -> caps.take(allowed.obligations())
              .<Mono<Object>>map(slots -> Mono.defer(() -> handler.handle(exchange, params))
                  .map(result -> result instanceof McpSchema.CallToolResult called
                      ? ResultObligations.apply(called, allowed.obligations()) : result)
                  .doFinally(signal -> slots.release()))
              .orElseGet(() -> Mono.error(McpErrors.denied(method + ": as many calls of this kind as the policy"
                  + " allows at once are running; try again when one has ended", null)));
        });
  }

  /**
   * The listing is made first, so that the batch asks about exactly the items it holds (those
   * added after the server was built too); listing handlers change nothing, so running one for a
   * caller who may not list is harmless.
   */
  private static McpRequestHandler<Object> listing(String method, McpRequestHandler<?> handler, Enforcer enforcer) {
    return (exchange, params) -> handler.handle(exchange, params).flatMap(result -> {
      McpTransportContext context = exchange.transportContext();
      return blocking(() -> enforcer.listing(context, method, ids(result))).flatMap(listing -> switch (listing) {
        case Enforcer.Refused refused -> Mono.error(refused.error());
        case Enforcer.Visible visible -> Mono.just(filter(result, visible.ids()));
      });
    });
  }

  /** The PDP client blocks: never on the thread of a non-blocking transport. */
  private static <T> Mono<T> blocking(Callable<T> decision) {
    return Mono.fromCallable(decision).subscribeOn(Schedulers.boundedElastic());
  }

  private static List<String> ids(Object listing) {
    return switch (listing) {
      case McpSchema.ListToolsResult tools -> tools.tools().stream().map(McpSchema.Tool::name).toList();
      case McpSchema.ListResourcesResult resources -> resources.resources().stream().map(McpSchema.Resource::uri)
          .toList();
      case McpSchema.ListPromptsResult prompts -> prompts.prompts().stream().map(McpSchema.Prompt::name).toList();
      default -> List.of();
    };
  }

  /** The listing without what the caller may not see; anything that is not a known listing shows nothing. */
  private static Object filter(Object listing, Set<String> visible) {
    return switch (listing) {
      case McpSchema.ListToolsResult tools -> new McpSchema.ListToolsResult(
          tools.tools().stream().filter(tool -> visible.contains(tool.name())).toList(), tools.nextCursor(),
          tools.meta());
      case McpSchema.ListResourcesResult resources -> new McpSchema.ListResourcesResult(
          resources.resources().stream().filter(resource -> visible.contains(resource.uri())).toList(),
          resources.nextCursor(), resources.meta());
      case McpSchema.ListPromptsResult prompts -> new McpSchema.ListPromptsResult(
          prompts.prompts().stream().filter(prompt -> visible.contains(prompt.name())).toList(),
          prompts.nextCursor(), prompts.meta());
      default -> throw McpErrors.denied("the listing's items cannot be told apart", null);
    };
  }
}
