import Testing
@testable import VishSyntax

/// One row of a parse table: the grammar production it exercises, a script, and the
/// tree it must parse to (ASTDump.compact), with no diagnostics.
struct ParseCase: Sendable, CustomTestStringConvertible {
    let production: String
    let source: String
    let expected: String

    init(_ production: String, _ source: String, _ expected: String) {
        self.production = production
        self.source = source
        self.expected = expected
    }

    var testDescription: String { "[\(production)] \(source.debugDescription)" }
}

/// A script that must fail to parse with exactly these diagnostics ("line:col: message",
/// in source order).
struct ErrorCase: Sendable, CustomTestStringConvertible {
    let source: String
    let expected: [String]

    init(_ source: String, _ expected: String...) {
        self.source = source
        self.expected = expected
    }

    var testDescription: String { source.debugDescription }
}

func diagnosticsText(_ result: ParseResult) -> [String] {
    result.diagnostics.map { d in
        let l = result.source.location(of: d.range.start)
        return "\(l.line):\(l.column): \(d.message)"
    }
}

func checkParse(_ c: ParseCase, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let result = Parser.parse(c.source)
    #expect(diagnosticsText(result) == [], sourceLocation: sourceLocation)
    #expect(ASTDump.compact(result.script) == c.expected, sourceLocation: sourceLocation)
}
