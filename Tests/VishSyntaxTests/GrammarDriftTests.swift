import Foundation
import Testing
@testable import VishSyntax

/// Keeps Grammar/vish.ebnf and the parser in step: every production the grammar defines
/// has at least one parse test naming it, and every production a test names is defined.
@Suite struct GrammarDriftTests {
    static let grammarURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Grammar/vish.ebnf")

    /// Production names: `name ::=` at the start of a line, comments removed.
    static func productions() throws -> Set<String> {
        var text = try String(contentsOf: grammarURL, encoding: .utf8)
        while let open = text.range(of: "(*"), let close = text.range(of: "*)", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        var names = Set<String>()
        for line in text.split(separator: "\n") {
            guard let def = line.range(of: "::=") else { continue }
            let name = line[..<def.lowerBound].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty && !name.contains(" ") { names.insert(name) }
        }
        return names
    }

    static var testedProductions: Set<String> {
        Set((lexicalCases + statementCases + expressionCases).map(\.production))
    }

    @Test func grammarIsReadable() throws {
        #expect(try Self.productions().count > 100)
    }

    @Test func everyProductionHasAParseTest() throws {
        let untested = try Self.productions().subtracting(Self.testedProductions).sorted()
        #expect(untested == [], "productions with no parse test")
    }

    @Test func everyTestedProductionIsInTheGrammar() throws {
        let unknown = Self.testedProductions.subtracting(try Self.productions()).sorted()
        #expect(unknown == [], "tests name productions the grammar lacks")
    }

    @Test func tablesAreLargeEnough() {
        #expect(lexicalCases.count + statementCases.count + expressionCases.count >= 300)
        #expect(errorCases.count >= 60)
    }
}
