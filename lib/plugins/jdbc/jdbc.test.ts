import { describe, expect, it } from "vitest";
import { decimal, ionCell, jsonCell, RowShape, Typed, zoned } from "./cells";
import { atZone, isoInstant, isoOffset, isoZoned, parseWall } from "./java-time";
import { checkScheme, describe as describeUrl, parseDuckDbUrl, parseServerUrl, parseSqliteUrl } from "./jdbc-url";
import { bindNamed } from "./named-params";
import { instantOf, isoInterval, parseArray, pgConverter } from "./postgres-cells";
import { copySql } from "./postgres-copy";
import { splitSql } from "./sql-splitter";

const zones = { zone: "Europe/Paris", server: "UTC" };

describe("splitSql (Kestra's SqlSplitter)", () => {
  it("splits on semicolons outside quotes, comments, dollar quotes and quoted identifiers", () => {
    expect(splitSql("SELECT 1; SELECT 2;\nSELECT 3")).toEqual(["SELECT 1", "SELECT 2", "SELECT 3"]);
    expect(splitSql("INSERT INTO t(msg) VALUES('hello;world'); SELECT 1;")).toEqual([
      "INSERT INTO t(msg) VALUES('hello;world')",
      "SELECT 1",
    ]);
    expect(splitSql("SELECT 1; -- a; comment\nSELECT /* x; */ 2")).toEqual([
      "SELECT 1",
      "-- a; comment\nSELECT /* x; */ 2",
    ]);
    expect(splitSql('SELECT `id;hello` FROM t; SELECT [a;b] FROM u; SELECT "x;y"')).toEqual([
      "SELECT `id;hello` FROM t",
      "SELECT [a;b] FROM u",
      'SELECT "x;y"',
    ]);
    expect(splitSql('SELECT $json$ {"a": 1}; $json$; SELECT $$;$$')).toEqual([
      'SELECT $json$ {"a": 1}; $json$',
      "SELECT $$;$$",
    ]);
  });

  it("keeps a DO $$ block whole with its semicolon, and a BEGIN … END block as one statement", () => {
    const block = "DO $$\nBEGIN\n  INSERT INTO t VALUES (1);\nEND\n$$;";
    expect(splitSql(block)).toEqual([block]);
    expect(splitSql("BEGIN\n  INSERT INTO t VALUES (1);\n  INSERT INTO t VALUES (2);\nEND;\nSELECT 1;")).toEqual([
      "BEGIN\n  INSERT INTO t VALUES (1);\n  INSERT INTO t VALUES (2);\nEND;",
      "SELECT 1",
    ]);
    expect(splitSql("BEGIN IF x THEN y; END IF; END;")).toEqual(["BEGIN IF x THEN y; END IF; END;"]);
  });

  it("a CREATE PROCEDURE waits for its END …; (Kestra's PL/SQL rule)", () => {
    const sql = "CREATE OR REPLACE PROCEDURE p AS\nBEGIN\n  NULL;\nEND p;";
    expect(splitSql(sql)).toEqual([sql]);
  });
});

describe("bindNamed", () => {
  it("binds :name in order of appearance, a repeated name twice, a missing one as null", () => {
    expect(bindNamed("SELECT :a, :b, :a, :c", { a: 1, b: "x" }, (n) => `$${n}`)).toEqual({
      sql: "SELECT $1, $2, $3, $4",
      values: [1, "x", 1, null],
    });
  });

  it("leaves casts, quoted text, comments and dollar quotes alone", () => {
    const sql = "SELECT :v::int, ':no', \":no\", $$ :no $$ -- :no\n, /* :no */ :w";
    expect(bindNamed(sql, { v: 1, w: 2 }, () => "?")).toEqual({
      sql: "SELECT ?::int, ':no', \":no\", $$ :no $$ -- :no\n, /* :no */ ?",
      values: [1, 2],
    });
    expect(bindNamed("SELECT 'it\\'s :no', :x", { x: 1 }, () => "?", true).sql).toBe("SELECT 'it\\'s :no', ?");
  });
});

describe("JDBC URLs", () => {
  it("reads host, port, database, parameters and user info", () => {
    expect(parseServerUrl("jdbc:postgresql://db:6543/app?sslmode=require&user=u", "jdbc:postgresql", 5432)).toEqual({
      host: "db",
      port: 6543,
      database: "app",
      params: { sslmode: "require", user: "u" },
    });
    expect(parseServerUrl("jdbc:mysql://me:p%40ss@[::1]/shop", "jdbc:mysql", 3306)).toMatchObject({
      host: "::1",
      port: 3306,
      database: "shop",
      user: "me",
      password: "p@ss",
    });
    expect(parseServerUrl("jdbc:postgresql://a:1,b:2/x", "jdbc:postgresql", 5432)).toMatchObject({
      host: "a",
      port: 1,
    });
    expect(parseServerUrl("jdbc:postgresql:app", "jdbc:postgresql", 5432)).toMatchObject({
      host: "localhost",
      database: "app",
    });
    expect(parseSqliteUrl("jdbc:sqlite:")).toEqual({ memory: true, path: "" });
    expect(parseSqliteUrl("jdbc:sqlite::memory:")).toEqual({ memory: true, path: "" });
    expect(parseSqliteUrl("jdbc:sqlite:/tmp/x.db?journal_mode=WAL")).toEqual({ memory: false, path: "/tmp/x.db" });
    expect(parseDuckDbUrl("jdbc:duckdb:md:db?motherduck_token=t")).toEqual({
      path: "md:db",
      options: { motherduck_token: "t" },
    });
  });

  it("refuses a blank URL or another scheme as Kestra does; describe hides credentials", () => {
    expect(() => checkScheme(" ", "jdbc:postgresql")).toThrow("Rendered value of `url` is blank.");
    expect(() => checkScheme("jdbc:mysql://x", "jdbc:postgresql")).toThrow(
      "URL scheme is invalid. URL should start with `jdbc:postgresql`",
    );
    expect(describeUrl("jdbc:mysql://u:secret@h/db?password=x")).toBe("jdbc:mysql://h/db");
  });
});

describe("values as Kestra writes them", () => {
  it("prints java.time values", () => {
    const at = { seconds: Date.UTC(2024, 0, 31, 10, 15, 30) / 1000, nanos: 123_456_000 };
    expect(isoInstant(at)).toBe("2024-01-31T10:15:30.123456Z");
    expect(isoInstant({ seconds: at.seconds, nanos: 100_000_000 })).toBe("2024-01-31T10:15:30.100Z");
    expect(isoOffset(at, "Europe/Paris")).toBe("2024-01-31T11:15:30.123456+01:00");
    expect(isoZoned(at, "UTC")).toBe("2024-01-31T10:15:30.123456Z[UTC]");
    expect(isoZoned(at, "+02:00")).toBe("2024-01-31T12:15:30.123456+02:00");
    // 02:30 does not exist in Paris on 2024-03-31: Java moves it forward by the gap.
    const gap = parseWall("2024-03-31 02:30:00")!;
    expect(isoOffset({ seconds: atZone(gap.seconds, "Europe/Paris"), nanos: 0 }, "Europe/Paris")).toBe(
      "2024-03-31T03:30:00+02:00",
    );
    // 02:30 happens twice in Paris on 2024-10-27: Java takes the earlier.
    const twice = parseWall("2024-10-27 02:30:00")!;
    expect(isoOffset({ seconds: atZone(twice.seconds, "Europe/Paris"), nanos: 0 }, "Europe/Paris")).toBe(
      "2024-10-27T02:30:00+02:00",
    );
    expect(parseWall("0001-01-01")).toEqual({ seconds: -62135596800, nanos: 0 });
  });

  it("writes decimals as ion-java does, and JSON numbers", () => {
    const ion = (text: string) => (decimal(text) as Typed).ion;
    expect(["12.50", "7", "-0.5", "0.00", "0.001", "0.0000001", "-120"].map(ion)).toEqual([
      "12.50",
      "7.",
      "-0.5",
      "0.00",
      "0.001",
      "1d-7",
      "-120.",
    ]);
    expect((decimal("12.50") as Typed).json).toBe(12.5);
  });

  it("a row keeps a repeated label's first place and last value; Ion fields are quoted when they must be", () => {
    const shape = new RowShape(["a", "b", "a", "two words"]);
    expect(shape.json([1, 2, 3, 4])).toEqual({ a: 3, b: 2, "two words": 4 });
    expect(shape.ion([1, Buffer.from("hi"), 3, null])).toBe("{a:3,b:{{aGk=}},'two words':null}");
    expect(jsonCell({ bytes: Buffer.from("hi"), big: 2n ** 64n })).toEqual({
      bytes: "aGk=",
      big: "18446744073709551616",
    });
    expect(ionCell([zoned({ seconds: 0, nanos: 0 }, zones), "x"])).toBe(
      '[ZonedDateTime::"1970-01-01T01:00:00+01:00[Europe/Paris]","x"]',
    );
  });
});

describe("PostgreSQL's text values", () => {
  const cell = (oid: number, raw: string) => {
    const v = pgConverter(oid, zones)(raw);
    return v instanceof Typed ? [v.ion, v.json] : v;
  };

  it("converts by type as pgjdbc and PostgresCellConverter do", () => {
    expect(cell(16, "t")).toBe(true);
    expect(cell(20, "9007199254740993")).toEqual(["9007199254740993", "9007199254740993"]);
    expect(cell(20, "42")).toBe(42);
    expect(cell(700, "1.1")).toEqual(["1.100000023841858e0", 1.1]);
    expect(cell(701, "2")).toEqual(["2.0e0", 2]);
    expect(cell(1082, "2024-02-29")).toEqual(["2024-02-29", "2024-02-29"]);
    expect(cell(1083, "07:30:15.25")).toEqual(['LocalTime::"07:30:15"', "07:30:15"]);
    expect(cell(1266, "10:00:00+00")).toEqual(['LocalTime::"11:00:00"', "11:00:00"]);
    expect(cell(1114, "2024-01-31 10:15:30.5")).toEqual([
      'LocalDateTime::"2024-01-31T10:15:30.5"',
      "2024-01-31T10:15:30.5",
    ]);
    expect(cell(1184, "2024-01-31 10:15:30+00")).toEqual([
      'ZonedDateTime::"2024-01-31T11:15:30+01:00[Europe/Paris]"',
      "2024-01-31T10:15:30Z",
    ]);
    expect(cell(17, "\\x6869")).toEqual(Buffer.from("hi"));
    expect(cell(3802, '{"a": [1]}')).toEqual({ a: [1] });
    expect(() => cell(3802, "[1]")).toThrow("Invalid data type [json] with value [[1]]");
    expect(cell(2278, "")).toBeNull();
    expect(cell(1007, "{1,NULL,3}")).toEqual([1, null, 3]);
  });

  it("reads intervals, array literals and offsets", () => {
    expect(isoInterval("1 year 2 mons 3 days 04:05:06.7")).toBe("P1Y2M3DT4H5M6S");
    expect(isoInterval("-1 days -02:00:00")).toBe("P0Y0M-1DT-2H0M0S");
    expect(isoInterval("00:00:00")).toBe("P0Y0M0DT0H0M0S");
    expect(parseArray('{"a b","c\\"d",NULL,{1,2}}')).toEqual(["a b", 'c"d', null, ["1", "2"]]);
    expect(instantOf("2024-01-31 10:15:30.5+05:30")).toEqual({
      seconds: Date.UTC(2024, 0, 31, 4, 45, 30) / 1000,
      nanos: 500_000_000,
    });
  });
});

describe("copySql (Kestra's AbstractCopy.query)", () => {
  it("writes the table or the query, the direction, and the options", () => {
    expect(copySql({ table: "t", columns: ["a", "b"] }, undefined, "FROM STDIN")).toBe("COPY t (a, b) FROM STDIN");
    expect(
      copySql(
        { format: "CSV", header: true, delimiter: ";", nullString: "", forceQuote: ["*"], encoding: "UTF8" },
        "SELECT 1",
        "TO STDOUT",
      ),
    ).toBe(
      "COPY (SELECT 1) TO STDOUT WITH (FORMAT CSV, DELIMITER ';', NULL '', HEADER TRUE, FORCE_QUOTE *, ENCODING 'UTF8')",
    );
  });
});
