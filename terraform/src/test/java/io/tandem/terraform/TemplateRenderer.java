package io.tandem.terraform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a Terraform template the way {@code templatefile()} does, for the subset the daemon
 * config template uses: {@code ${name}} interpolation, {@code %{ for k, v in map }} ...
 * {@code %{ endfor }} over a map (in lexical key order, as Terraform iterates maps), the {@code ~}
 * whitespace strip markers, and the {@code $${} / {@code %%{} escapes. Anything else is refused
 * with a message, so the template cannot quietly outgrow what this renderer reproduces.
 * When terraform is installed, {@link RenderedConfigTest} cross-checks the output against it.
 */
final class TemplateRenderer {
    private TemplateRenderer() {}

    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern FOR =
            Pattern.compile("for\\s+(" + IDENT + ")\\s*,\\s*(" + IDENT + ")\\s+in\\s+(" + IDENT + ")");

    private sealed interface Node permits Text, Interp, For {}

    private record Text(String text) implements Node {}

    private record Interp(String name) implements Node {}

    private record For(String key, String value, String collection, List<Node> body) implements Node {}

    /** A template token: its text, and whether it strips whitespace before ({@code {~}) or after ({@code ~}}). */
    private record Token(char kind, String content, boolean stripBefore, boolean stripAfter) {}

    static String render(String template, Map<String, ?> vars) {
        List<Token> tokens = tokenize(template);
        applyStripMarkers(tokens);
        List<Node> nodes = new ArrayList<>();
        int end = parse(tokens, 0, nodes);
        if (end != tokens.size()) {
            throw new IllegalArgumentException("template has an %{ endfor } without a matching %{ for }");
        }
        StringBuilder out = new StringBuilder();
        emit(nodes, vars, out);
        return out.toString();
    }

    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            if (s.startsWith("$${", i) || s.startsWith("%%{", i)) {
                text.append(s.charAt(i)).append('{');
                i += 3;
            } else if (s.startsWith("${", i) || s.startsWith("%{", i)) {
                int close = s.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed " + s.substring(i, i + 2) + " at offset " + i);
                }
                tokens.add(new Token('t', text.toString(), false, false));
                text.setLength(0);
                String inner = s.substring(i + 2, close);
                boolean stripBefore = inner.startsWith("~");
                boolean stripAfter = inner.endsWith("~");
                inner = inner.substring(stripBefore ? 1 : 0, inner.length() - (stripAfter ? 1 : 0))
                        .trim();
                tokens.add(new Token(s.charAt(i), inner, stripBefore, stripAfter));
                i = close + 1;
            } else {
                text.append(s.charAt(i++));
            }
        }
        tokens.add(new Token('t', text.toString(), false, false));
        return tokens;
    }

    private static void applyStripMarkers(List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.kind() == 't') {
                continue;
            }
            if (t.stripBefore() && i > 0) {
                Token prev = tokens.get(i - 1);
                tokens.set(i - 1, new Token('t', stripBefore(prev.content()), false, false));
            }
            if (t.stripAfter() && i + 1 < tokens.size()) {
                Token next = tokens.get(i + 1);
                tokens.set(i + 1, new Token('t', stripAfter(next.content()), false, false));
            }
        }
    }

    /**
     * What {@code ~}} removes from the text after it, as terraform 1.11 does: spaces and tabs, then
     * one line break (the indentation of the next line stays).
     */
    private static String stripAfter(String text) {
        int i = 0;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        if (text.startsWith("\r\n", i)) {
            i += 2;
        } else if (text.startsWith("\n", i)) {
            i++;
        }
        return text.substring(i);
    }

    /**
     * What {@code {~} removes from the text before it, as terraform 1.11 does: trailing spaces and
     * tabs if there are any, otherwise one line break.
     */
    private static String stripBefore(String text) {
        int j = text.length();
        while (j > 0 && (text.charAt(j - 1) == ' ' || text.charAt(j - 1) == '\t')) {
            j--;
        }
        if (j == text.length()) {
            if (text.endsWith("\r\n")) {
                j -= 2;
            } else if (text.endsWith("\n")) {
                j--;
            }
        }
        return text.substring(0, j);
    }

    /** Parses tokens from {@code i} into {@code out}; returns the index of the {@code endfor} that ends it, or the size. */
    private static int parse(List<Token> tokens, int i, List<Node> out) {
        while (i < tokens.size()) {
            Token t = tokens.get(i);
            if (t.kind() == 't') {
                if (!t.content().isEmpty()) {
                    out.add(new Text(t.content()));
                }
                i++;
            } else if (t.kind() == '$') {
                if (!IDENT.matcher(t.content()).matches()) {
                    throw unsupported("${" + t.content() + "}");
                }
                out.add(new Interp(t.content()));
                i++;
            } else if (t.content().equals("endfor")) {
                return i;
            } else {
                Matcher m = FOR.matcher(t.content());
                if (!m.matches()) {
                    throw unsupported("%{ " + t.content() + " }");
                }
                List<Node> body = new ArrayList<>();
                int endfor = parse(tokens, i + 1, body);
                if (endfor == tokens.size()) {
                    throw new IllegalArgumentException("%{ " + t.content() + " } has no %{ endfor }");
                }
                out.add(new For(m.group(1), m.group(2), m.group(3), body));
                i = endfor + 1;
            }
        }
        return i;
    }

    private static void emit(List<Node> nodes, Map<String, ?> vars, StringBuilder out) {
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.append(t.text());
            } else if (node instanceof Interp in) {
                out.append(String.valueOf(lookup(vars, in.name())));
            } else if (node instanceof For f) {
                if (!(lookup(vars, f.collection()) instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException("%{ for } over '" + f.collection() + "', which is not a map");
                }
                for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                    Map<String, Object> scope = new java.util.HashMap<>(vars);
                    scope.put(f.key(), e.getKey());
                    scope.put(f.value(), e.getValue());
                    emit(f.body(), scope, out);
                }
            }
        }
    }

    private static Object lookup(Map<String, ?> vars, String name) {
        if (!vars.containsKey(name)) {
            throw new IllegalArgumentException("vars map does not contain key \"" + name
                    + "\", referenced by the template (Terraform fails the same way)");
        }
        return vars.get(name);
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(
                "template uses " + what + ", beyond what TemplateRenderer reproduces"
                        + " (plain ${name} and %{ for k, v in map }); keep the template simple or extend the renderer and its tests");
    }
}
