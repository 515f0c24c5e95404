import Testing
@testable import VishSyntax

/// The same characters tokenize differently by mode, as in PowerShell: each row lexes a
/// text in one mode and lists the tokens as `kind` or `kind:value`.
struct LexCase: Sendable, CustomTestStringConvertible {
    let mode: LexerMode
    let source: String
    let tokens: [String]
    init(_ mode: LexerMode, _ source: String, _ tokens: [String]) {
        self.mode = mode
        self.source = source
        self.tokens = tokens
    }
    var testDescription: String { "\(mode) \(source.debugDescription)" }
}

let lexCases: [LexCase] = [
    LexCase(.command, "Get-VM -Name x", ["generic:Get-VM", "parameter:Name", "identifier:x"]),
    LexCase(.expression, "Get-VM", ["identifier:Get", "parameter:VM"]),
    LexCase(.expression, "$a -eq 1", ["variable:a", "ieq", "number:1"]),
    LexCase(.command, "$a -eq 1", ["variable:a", "parameter:eq", "number:1"]),
    LexCase(.command, "-Confirm:$falseStart-Sleep", ["parameter:Confirm:", "generic:$falseStart-Sleep"]),
    LexCase(.expression, "$falseStart-Sleep", ["variable:falseStart", "parameter:Sleep"]),
    LexCase(.command, "7z 7 1kb 2nd", ["generic:7z", "number:7", "number:1024", "generic:2nd"]),
    LexCase(.expression, "7+1", ["number:7", "plus", "number:1"]),
    LexCase(.command, "7+1", ["generic:7+1"]),
    LexCase(.command, "if foreach function", ["kwIf", "kwForeach", "kwFunction"]),
    LexCase(.expression, "if foreach", ["identifier:if", "identifier:foreach"]),
    // Member access after a variable is read by the parser from the raw text; alone, the
    // lexer sees barewords.
    LexCase(.command, "$a.b $a[0]", ["variable:a", "generic:.b", "variable:a", "generic:[0]"]),
    LexCase(.command, "a.b", ["generic:a.b"]),
    LexCase(.command, ". .\\x.ps1", ["dot", "generic:.\\x.ps1"]),
    LexCase(.command, "--% a", ["generic:--%", "identifier:a"]),
    LexCase(.expression, "--$i", ["minusMinus", "variable:i"]),
    LexCase(.command, "2>&1 >> f 3>x", ["redirection", "redirection", "identifier:f", "redirection", "identifier:x"]),
    LexCase(.expression, "$x ?? 1 ? 2 : 3", ["variable:x", "questionQuestion", "number:1", "questionMark", "number:2", "colon", "number:3"]),
    LexCase(.command, "? { $_ }", ["generic:?", "lCurly", "variable:_", "rCurly"]),
    LexCase(.command, ":outer", ["label:outer"]),
    LexCase(.expression, "@{ } @( ) $( )", ["atCurly", "rCurly", "atParen", "rParen", "dollarParen", "rParen"]),
    LexCase(.expression, "@splat ${a b} $env:PATH $$ $?", ["splattedVariable:splat", "variable:a b", "variable:env:PATH", "variable:$", "variable:?"]),
    LexCase(.expression, "'a''b' \"c\"\"d\"", ["stringLiteral:a'b", "stringExpandable:c\"d"]),
    LexCase(.expression, "0x10 1.5 .5 1e2 10l 1.5d", ["number:16", "number:1.5", "number:0.5", "number:100.0", "number:10l", "number:1.5d"]),
    LexCase(.expression, "1..5", ["number:1", "dotDot", "number:5"]),
    LexCase(.expression, "a`\n+ b # c", ["identifier:a", "plus", "identifier:b"]),
    LexCase(.expression, "– — ―", ["minus", "minus", "minus"]),
    // A plain word ending at a separator is an identifier token; the parser reads it as a bareword.
    LexCase(.command, "a,b;c|d&e", ["identifier:a", "comma", "identifier:b", "semi", "identifier:c", "pipe", "identifier:d", "ampersand", "identifier:e"]),
    LexCase(.typeName, "System.Collections.Generic.List[string]", ["identifier:System.Collections.Generic.List", "lBracket", "identifier:string", "rBracket"]),
    LexCase(.expression, "-not -bnot -split -f -isnot -creplace", ["not", "bnot", "isplit", "format", "isNot", "creplace"]),
    LexCase(.expression, "<# a #> 1 <# b", ["number:1"]),
]

func describe(_ t: Token, _ source: SourceFile) -> String {
    let kind = String(describing: t.kind)
    switch t.value {
    case .none, .redirection: return kind
    case .number(let n): return kind + ":" + Dumper.number(n)
    case .text(let s): return t.kind.isKeyword ? kind : kind + ":" + s
    case .expandable(let s, _): return kind + ":" + s
    case .variable(let p, _): return kind + ":" + p.userPath
    case .parameter(let name, let colon): return kind + ":" + name + (colon ? ":" : "")
    case .label(let s): return kind + ":" + s
    }
}

@Test(arguments: lexCases)
func lexing(_ c: LexCase) {
    let source = SourceFile(name: "t", text: c.source)
    var lexer = Lexer(source: source)
    lexer.mode = c.mode
    var tokens: [String] = []
    while true {
        let t = lexer.nextToken()
        if t.kind == .endOfInput { break }
        if t.kind == .newLine { continue }
        tokens.append(describe(t, source))
    }
    #expect(tokens == c.tokens)
}

@Suite struct SourceFileTests {
    @Test func linesAndColumnsCountScalars() {
        let f = SourceFile(name: "t", text: "ab\r\ncé\nx")
        #expect(f.location(of: 0).description == "1:1")
        #expect(f.location(of: 4).description == "2:1")
        #expect(f.location(of: 5).description == "2:2")
        #expect(f.location(of: 7).description == "2:3") // é is two bytes, one column
        #expect(f.location(of: 8).description == "3:1")
        #expect(f.lineText(2) == "cé")
        #expect(f.lineCount == 3)
    }

    @Test func decodingFollowsTheByteOrderMark() {
        let text = "'a’b'"
        let utf16le: [UInt8] = [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16be: [UInt8] = [0xFE, 0xFF] + Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let utf32le: [UInt8] = [0xFF, 0xFE, 0, 0] + text.unicodeScalars.flatMap { s in (0..<4).map { UInt8((s.value >> (8 * $0)) & 0xFF) } }
        #expect(SourceFile.decode(utf16le) == text)
        #expect(SourceFile.decode(utf16be) == text)
        #expect(SourceFile.decode(utf32le) == text)
        #expect(SourceFile.decode([0xEF, 0xBB, 0xBF] + Array(text.utf8)) == text)
        #expect(SourceFile.decode(Array(text.utf8)) == text)
    }

    @Test func rendererUnderlinesAndKeepsTabs() {
        let f = SourceFile(name: "s.ps1", text: "\tif ($x {\n")
        let d = Diagnostic(.UnexpectedToken, ["{"], at: SourceRange(8, 9))
        #expect(DiagnosticRenderer.render(d, in: f) == "s.ps1:1:9: error: Unexpected token '{' in expression or statement.\n\tif ($x {\n\t       ~\n")
        let caret = Diagnostic(.MissingExpressionAfterOperator, ["-"], at: .point(10))
        #expect(DiagnosticRenderer.render(caret, in: f).hasSuffix("^\n"))
    }

    @Test func incompleteInputDrivesContinuation() {
        #expect(Parser.parse("if ($x) {").isIncomplete)
        #expect(Parser.parse("\"abc").isIncomplete)
        #expect(Parser.parse("Get-VM |").isIncomplete)
        #expect(!Parser.parse("1 2").isIncomplete)
        #expect(!Parser.parse("Get-VM").isIncomplete)
    }
}
