package io.tandem.replicator.apply;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting and small SQL fragments shared by the apply statements. */
final class Sql {
    private Sql() {}

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** {@code public.orders} → {@code "public"."orders"}. */
    static String table(String qualified) {
        int dot = qualified.indexOf('.');
        if (dot < 0) {
            return ident(qualified);
        }
        return ident(qualified.substring(0, dot)) + "." + ident(qualified.substring(dot + 1));
    }

    static String cast(ColumnType column) {
        return "CAST(? AS " + column.sqlType() + ")";
    }

    /**
     * {@code jsonb_build_object('id', CAST(<value> AS bigint), ...)}: the key as a JSON object of typed
     * values, the same form {@code jsonb_build_object('id', OLD.id)} gives in the local delete trigger.
     */
    static String keyObject(TableShape shape, List<String> valueExpressions) {
        StringBuilder sql = new StringBuilder("jsonb_build_object(");
        for (int i = 0; i < shape.primaryKey().size(); i++) {
            ColumnType column = shape.column(shape.primaryKey().get(i));
            if (i > 0) {
                sql.append(", ");
            }
            sql.append('\'')
                    .append(column.name().replace("'", "''"))
                    .append("', CAST(")
                    .append(valueExpressions.get(i))
                    .append(" AS ")
                    .append(column.sqlType())
                    .append(')');
        }
        return sql.append(')').toString();
    }

    static String placeholders(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }
}
