/// The result of parsing a script: its tree, and every error found (the parser recovers
/// and keeps going, so one run reports them all).
public struct ParseResult: Sendable {
    public var source: SourceFile
    public var script: ScriptBlock
    public var diagnostics: [Diagnostic]

    /// True when the only errors say the input stopped too soon (an open brace, quote or
    /// operand): the REPL then asks for another line.
    public var isIncomplete: Bool {
        !diagnostics.isEmpty && diagnostics.contains { $0.isIncompleteInput }
            && diagnostics.allSatisfy { $0.isIncompleteInput || $0.range.end >= source.bytes.count }
    }
}

/// PowerShell's recursive-descent parser. It asks the lexer for one token at a time in
/// the mode the grammar calls for, keeps at most one token of lookahead, and moves the
/// lexer back to re-read text in another mode (as `Get-VM` is read first as a possible
/// expression, then as a command name).
public final class Parser {
    let source: SourceFile
    var lexer: Lexer
    /// The one token of lookahead, and the lexer mode it was read in.
    var ungot: Token?
    /// In method-call arguments and attribute arguments a comma separates rather than
    /// builds an array.
    var disableCommaOperator = false
    var depth = 0
    /// Bounds the tree's depth for the code that walks it later; the stack guard bounds
    /// the parser's own recursion on whatever thread it runs.
    static let maxDepth = 1000
    var stack: StackGuard { lexer.stack }

    init(source: SourceFile, start: Int = 0, end: Int? = nil, stack: StackGuard? = nil) {
        self.source = source
        self.lexer = Lexer(source: source, start: start, end: end, stack: stack)
    }

    /// Parses a whole script.
    public static func parse(_ source: SourceFile) -> ParseResult {
        let parser = Parser(source: source)
        var script = parser.scriptBlockRule(lCurly: nil, isFilter: false)
        script.requires = parser.requiresDirectives()
        return ParseResult(source: source, script: script, diagnostics: parser.sortedDiagnostics())
    }

    public static func parse(_ text: String, name: String = "<script>") -> ParseResult {
        parse(SourceFile(name: name, text: text))
    }

    func sortedDiagnostics() -> [Diagnostic] {
        lexer.diagnostics.enumerated().sorted {
            ($0.element.range.start, $0.offset) < ($1.element.range.start, $1.offset)
        }.map(\.element)
    }

    var hasErrors: Bool { !lexer.diagnostics.isEmpty }

    // MARK: Tokens

    func nextToken() -> Token {
        if let t = ungot {
            ungot = nil
            return t
        }
        return lexer.nextToken()
    }

    func peekToken() -> Token {
        if let t = ungot { return t }
        let t = lexer.nextToken()
        ungot = t
        return t
    }

    func skipToken() { ungot = nil }

    func ungetToken(_ t: Token) { ungot = t }

    /// Where parsing would resume: the lookahead token's start, or the lexer's position.
    var restorePoint: Int { ungot?.range.start ?? lexer.pos }

    func resync(_ offset: Int) {
        ungot = nil
        lexer.pos = offset
    }

    func resync(_ token: Token) { resync(token.range.start) }

    /// Switches the lexer's mode; a lookahead token read in the old mode is read again.
    func setMode(_ mode: LexerMode) {
        if mode != lexer.mode, let t = ungot, t.kind != .endOfInput {
            resync(t)
        }
        lexer.mode = mode
    }

    func withMode<T>(_ mode: LexerMode, _ body: () -> T) -> T {
        let old = lexer.mode
        setMode(mode)
        defer { setMode(old) }
        return body()
    }

    func skipNewlines() {
        if ungot == nil || ungot!.kind == .newLine {
            ungot = nil
            lexer.skipNewlines(semicolons: false)
        }
    }

    func skipNewlinesAndSemicolons() {
        if ungot == nil || ungot!.kind == .newLine || ungot!.kind == .semi {
            ungot = nil
            lexer.skipNewlines(semicolons: true)
        }
    }

    func nextMemberAccessToken(allowLBracket: Bool) -> Token? {
        guard ungot == nil else { return nil }
        return lexer.memberAccessOperator(allowLBracket: allowLBracket)
    }

    func nextInvokeMemberToken() -> Token? {
        guard ungot == nil else { return nil }
        return lexer.invokeMemberOpenParen()
    }

    func nextLBracket() -> Token? {
        if let t = ungot {
            if t.kind == .lBracket { ungot = nil; return t }
            return nil
        }
        return lexer.nextLBracket()
    }

    /// Reads tokens up to one of `kinds` at nesting level zero (or a matching closer),
    /// to get past a construct that failed to parse.
    func syncOnError(consumeClosing: Bool, _ kinds: Set<TokenKind>) {
        var parens = kinds.contains(.rParen) ? 1 : 0
        var curlies = kinds.contains(.rCurly) ? 1 : 0
        var brackets = kinds.contains(.rBracket) ? 1 : 0
        while true {
            let t = nextToken()
            switch t.kind {
            case .lParen, .dollarParen, .atParen: parens += 1
            case .lCurly, .atCurly: curlies += 1
            case .lBracket: brackets += 1
            case .rParen:
                parens -= 1
                if parens == 0 && kinds.contains(.rParen) {
                    if !consumeClosing { ungetToken(t) }
                    return
                }
            case .rCurly:
                curlies -= 1
                if curlies == 0 && kinds.contains(.rCurly) {
                    if !consumeClosing { ungetToken(t) }
                    return
                }
            case .rBracket:
                brackets -= 1
                if brackets == 0 && kinds.contains(.rBracket) {
                    if !consumeClosing { ungetToken(t) }
                    return
                }
            case .endOfInput:
                ungetToken(t)
                return
            default: break
            }
            if kinds.contains(t.kind) && parens <= 0 && curlies <= 0 && brackets <= 0 { return }
        }
    }

    // MARK: Errors and ranges

    func report(_ id: ParseErrorID, _ args: [String] = [], _ range: SourceRange, incomplete: Bool = false) {
        lexer.report(id, args, range, incomplete: incomplete)
    }

    /// The empty range just after a token or node.
    func after(_ r: SourceRange) -> SourceRange { .point(r.end) }
    func before(_ r: SourceRange) -> SourceRange { .point(max(0, r.start - 1)) }

    func text(_ t: Token) -> String { source.text(of: t.range) }

    /// Guards recursion: deeply nested input is reported, not a stack overflow.
    func enter(_ at: SourceRange) -> Bool {
        depth += 1
        if depth > Parser.maxDepth || lexer.aborted || !stack.hasRoom() {
            lexer.abort(at: at)
            ungot = nil
            return false
        }
        return true
    }

    /// Left-deep chains (`a + b + …`, `$a.b.c…`) nest the tree one level a link; false
    /// (and parsing stops) when one would nest it too deeply.
    func chainFits(_ length: Int, at: SourceRange) -> Bool {
        guard depth + length > Parser.maxDepth else { return true }
        lexer.abort(at: at)
        ungot = nil
        return false
    }

    func leave() { depth -= 1 }

    // MARK: #requires

    func requiresDirectives() -> [RequiresDirective] {
        lexer.requiresComments.map { range in
            // Parse "requires -Version 7" (the comment without its '#') as a command.
            let sub = Parser(source: source, start: range.start + 1, end: range.end, stack: stack)
            let cmd = sub.withMode(.command) { sub.commandRule() }
            for d in sub.lexer.diagnostics { lexer.report(d) }
            return RequiresDirective(command: cmd, range: range)
        }
    }
}
