package dev.arbiter.pdp.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's {@code curl} examples and the answers printed below them, so a test can check that
 * they work as printed. A printed value {@code "…"} stands for anything (ids, revisions).
 */
final class ReadmeExamples {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern EXAMPLE = Pattern.compile(
      "```sh\\n(curl -s localhost:8080(?<path>/\\S+).*?)```\\s*```json\\n(?<answer>.*?)```", Pattern.DOTALL);
  private static final Pattern FILE_BODY = Pattern.compile("-d @(\\S+)");
  private static final Pattern INLINE_BODY = Pattern.compile("-d '(.*?)'", Pattern.DOTALL);
  private static final String ANYTHING = "…";

  record Example(String path, String command, String answer) {
    String body(Path repository) throws IOException {
      Matcher file = FILE_BODY.matcher(command);
      if (file.find()) {
        return Files.readString(repository.resolve(file.group(1)));
      }
      Matcher inline = INLINE_BODY.matcher(command);
      assertThat(inline.find()).as("a body in " + command).isTrue();
      return inline.group(1);
    }
  }

  private ReadmeExamples() {}

  static List<Example> read(Path readme) {
    try {
      Matcher matcher = EXAMPLE.matcher(Files.readString(readme));
      List<Example> examples = new ArrayList<>();
      while (matcher.find()) {
        examples.add(new Example(matcher.group("path"), matcher.group(1), matcher.group("answer")));
      }
      return examples;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertMatches(Example example, String answer) throws IOException {
    assertMatches(example.path(), JSON.readTree(example.answer()), JSON.readTree(answer));
  }

  private static void assertMatches(String where, JsonNode printed, JsonNode actual) {
    if (printed.isTextual() && printed.asText().equals(ANYTHING)) {
      return;
    }
    if (printed.isObject()) {
      assertThat(actual.isObject()).as(where).isTrue();
      assertThat(iterable(actual.fieldNames())).as(where + " fields").containsExactlyElementsOf(iterable(printed.fieldNames()));
      for (Iterator<Map.Entry<String, JsonNode>> fields = printed.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        assertMatches(where + "." + field.getKey(), field.getValue(), actual.get(field.getKey()));
      }
    } else if (printed.isArray()) {
      assertThat(actual.size()).as(where + " size").isEqualTo(printed.size());
      for (int i = 0; i < printed.size(); i++) {
        assertMatches(where + "[" + i + "]", printed.get(i), actual.get(i));
      }
    } else {
      assertThat(actual).as(where).isEqualTo(printed);
    }
  }

  private static List<String> iterable(Iterator<String> names) {
    List<String> list = new ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }
}
