/// Every token the lexer produces. Operators carry their binary precedence and whether
/// they can be unary, following PowerShell's token traits.
public enum TokenKind: UInt8, Sendable, Hashable {
    case endOfInput, newLine, unknown
    // Values
    case variable, splattedVariable, parameter, number, label, identifier, generic
    case stringLiteral, stringExpandable, hereStringLiteral, hereStringExpandable
    case redirection, redirectInStd
    // Punctuation
    case lParen, rParen, lCurly, rCurly, lBracket, rBracket
    case atParen, atCurly, dollarParen, semi
    case andAnd, orOr, ampersand, pipe, comma
    case minusMinus, plusPlus, dotDot, colonColon, dot, exclaim, multiply, divide, rem
    case plus, minus, equals, plusEquals, minusEquals, multiplyEquals, divideEquals, remainderEquals
    case colon, questionMark, questionQuestion, questionQuestionEquals, questionDot, questionLBracket
    // Dash operators
    case format, not, bnot, and, or, xor, band, bor, bxor, join
    case ieq, ine, ige, igt, ilt, ile, ilike, inotlike, imatch, inotmatch, ireplace
    case icontains, inotcontains, iin, inotin, isplit
    case ceq, cne, cge, cgt, clt, cle, clike, cnotlike, cmatch, cnotmatch, creplace
    case ccontains, cnotcontains, cin, cnotin, csplit
    case `is`, isNot, `as`, shl, shr
    // Keywords
    case kwBegin, kwBreak, kwCatch, kwClass, kwContinue, kwData, kwDefine, kwDo, kwDynamicparam
    case kwElse, kwElseIf, kwEnd, kwExit, kwFilter, kwFinally, kwFor, kwForeach, kwFrom
    case kwFunction, kwIf, kwIn, kwParam, kwProcess, kwReturn, kwSwitch, kwThrow, kwTrap
    case kwTry, kwUntil, kwUsing, kwVar, kwWhile, kwWorkflow, kwParallel, kwSequence
    case kwInlineScript, kwConfiguration, kwPublic, kwPrivate, kwStatic, kwInterface, kwEnum
    case kwNamespace, kwModule, kwType, kwAssembly, kwCommand, kwHidden, kwBase, kwDefault, kwClean

    /// Binary precedence, higher binds tighter; 0 when not a binary operator.
    /// Logical 1 < bitwise 2 < comparison 5 < `??` 7 < additive 9 < multiplicative 10
    /// < `-f` 12 < `..` 13.
    public var binaryPrecedence: Int {
        switch self {
        case .and, .or, .xor: return 1
        case .band, .bor, .bxor: return 2
        case .ieq, .ine, .ige, .igt, .ilt, .ile, .ilike, .inotlike, .imatch, .inotmatch,
             .ireplace, .icontains, .inotcontains, .iin, .inotin, .isplit,
             .ceq, .cne, .cge, .cgt, .clt, .cle, .clike, .cnotlike, .cmatch, .cnotmatch,
             .creplace, .ccontains, .cnotcontains, .cin, .cnotin, .csplit,
             .is, .isNot, .as, .join, .shl, .shr:
            return 5
        case .questionQuestion: return 7
        case .plus, .minus: return 9
        case .multiply, .divide, .rem: return 10
        case .format: return 12
        case .dotDot: return 13
        default: return 0
        }
    }

    public var isBinaryOperator: Bool { binaryPrecedence > 0 }

    public var isUnaryOperator: Bool {
        switch self {
        case .comma, .exclaim, .not, .bnot, .plus, .minus, .plusPlus, .minusMinus,
             .isplit, .csplit, .join:
            return true
        default: return false
        }
    }

    public var isAssignmentOperator: Bool {
        switch self {
        case .equals, .plusEquals, .minusEquals, .multiplyEquals, .divideEquals,
             .remainderEquals, .questionQuestionEquals:
            return true
        default: return false
        }
    }

    /// `begin`, `process`, `end`, `clean`, `dynamicparam`.
    public var isBlockName: Bool {
        switch self {
        case .kwBegin, .kwProcess, .kwEnd, .kwClean, .kwDynamicparam: return true
        default: return false
        }
    }

    public var isKeyword: Bool { self.rawValue >= TokenKind.kwBegin.rawValue }

    /// Statements an attribute cannot precede (`[Foo()] break` is an error); a type
    /// literal before one of them is an expression statement of its own.
    public var rejectsAttributes: Bool {
        switch self {
        case .kwBreak, .kwContinue, .kwData, .kwDefine, .kwDo, .kwExit, .kwFilter, .kwFor,
             .kwForeach, .kwFrom, .kwFunction, .kwIf, .kwReturn, .kwSwitch, .kwThrow, .kwTrap,
             .kwTry, .kwUsing, .kwVar, .kwWhile, .kwWorkflow, .kwParallel, .kwSequence,
             .kwInlineScript:
            return true
        default: return false
        }
    }

    /// Tokens that end a command's argument list.
    public var endsCommand: Bool {
        switch self {
        case .pipe, .rCurly, .rParen, .endOfInput, .newLine, .semi, .andAnd, .orOr, .ampersand:
            return true
        default: return false
        }
    }

    static let keywords: [String: TokenKind] = [
        "begin": .kwBegin, "break": .kwBreak, "catch": .kwCatch, "class": .kwClass,
        "continue": .kwContinue, "data": .kwData, "define": .kwDefine, "do": .kwDo,
        "dynamicparam": .kwDynamicparam, "else": .kwElse, "elseif": .kwElseIf, "end": .kwEnd,
        "exit": .kwExit, "filter": .kwFilter, "finally": .kwFinally, "for": .kwFor,
        "foreach": .kwForeach, "from": .kwFrom, "function": .kwFunction, "if": .kwIf,
        "in": .kwIn, "param": .kwParam, "process": .kwProcess, "return": .kwReturn,
        "switch": .kwSwitch, "throw": .kwThrow, "trap": .kwTrap, "try": .kwTry,
        "until": .kwUntil, "using": .kwUsing, "var": .kwVar, "while": .kwWhile,
        "workflow": .kwWorkflow, "parallel": .kwParallel, "sequence": .kwSequence,
        "inlinescript": .kwInlineScript, "configuration": .kwConfiguration,
        "public": .kwPublic, "private": .kwPrivate, "static": .kwStatic,
        "interface": .kwInterface, "enum": .kwEnum, "namespace": .kwNamespace,
        "module": .kwModule, "type": .kwType, "assembly": .kwAssembly, "command": .kwCommand,
        "hidden": .kwHidden, "base": .kwBase, "default": .kwDefault, "clean": .kwClean,
    ]

    /// Operators spelled `-name` (the dash is not part of the key).
    static let dashOperators: [String: TokenKind] = [
        "bnot": .bnot, "not": .not, "eq": .ieq, "ieq": .ieq, "ceq": .ceq, "ne": .ine, "ine": .ine,
        "cne": .cne, "ge": .ige, "ige": .ige, "cge": .cge, "gt": .igt, "igt": .igt, "cgt": .cgt,
        "lt": .ilt, "ilt": .ilt, "clt": .clt, "le": .ile, "ile": .ile, "cle": .cle,
        "like": .ilike, "ilike": .ilike, "clike": .clike, "notlike": .inotlike,
        "inotlike": .inotlike, "cnotlike": .cnotlike, "match": .imatch, "imatch": .imatch,
        "cmatch": .cmatch, "notmatch": .inotmatch, "inotmatch": .inotmatch,
        "cnotmatch": .cnotmatch, "replace": .ireplace, "ireplace": .ireplace,
        "creplace": .creplace, "contains": .icontains, "icontains": .icontains,
        "ccontains": .ccontains, "notcontains": .inotcontains, "inotcontains": .inotcontains,
        "cnotcontains": .cnotcontains, "in": .iin, "iin": .iin, "cin": .cin, "notin": .inotin,
        "inotin": .inotin, "cnotin": .cnotin, "split": .isplit, "isplit": .isplit,
        "csplit": .csplit, "isnot": .isNot, "is": .is, "as": .as, "f": .format, "and": .and,
        "band": .band, "or": .or, "bor": .bor, "xor": .xor, "bxor": .bxor, "join": .join,
        "shl": .shl, "shr": .shr,
    ]

    /// How the operator is spelled, for messages and tree dumps.
    public var text: String {
        switch self {
        case .plus: return "+"
        case .minus: return "-"
        case .multiply: return "*"
        case .divide: return "/"
        case .rem: return "%"
        case .dotDot: return ".."
        case .exclaim: return "!"
        case .comma: return ","
        case .plusPlus: return "++"
        case .minusMinus: return "--"
        case .equals: return "="
        case .plusEquals: return "+="
        case .minusEquals: return "-="
        case .multiplyEquals: return "*="
        case .divideEquals: return "/="
        case .remainderEquals: return "%="
        case .questionQuestion: return "??"
        case .questionQuestionEquals: return "??="
        case .questionMark: return "?"
        case .colon: return ":"
        case .andAnd: return "&&"
        case .orOr: return "||"
        case .ampersand: return "&"
        case .pipe: return "|"
        case .dot: return "."
        case .colonColon: return "::"
        case .questionDot: return "?."
        case .questionLBracket: return "?["
        case .lParen: return "("
        case .rParen: return ")"
        case .lCurly: return "{"
        case .rCurly: return "}"
        case .lBracket: return "["
        case .rBracket: return "]"
        case .atParen: return "@("
        case .atCurly: return "@{"
        case .dollarParen: return "$("
        case .semi: return ";"
        case .format: return "-f"
        case .not: return "-not"
        case .bnot: return "-bnot"
        case .and: return "-and"
        case .or: return "-or"
        case .xor: return "-xor"
        case .band: return "-band"
        case .bor: return "-bor"
        case .bxor: return "-bxor"
        case .join: return "-join"
        case .ieq: return "-eq"
        case .ine: return "-ne"
        case .ige: return "-ge"
        case .igt: return "-gt"
        case .ilt: return "-lt"
        case .ile: return "-le"
        case .ilike: return "-like"
        case .inotlike: return "-notlike"
        case .imatch: return "-match"
        case .inotmatch: return "-notmatch"
        case .ireplace: return "-replace"
        case .icontains: return "-contains"
        case .inotcontains: return "-notcontains"
        case .iin: return "-in"
        case .inotin: return "-notin"
        case .isplit: return "-split"
        case .ceq: return "-ceq"
        case .cne: return "-cne"
        case .cge: return "-cge"
        case .cgt: return "-cgt"
        case .clt: return "-clt"
        case .cle: return "-cle"
        case .clike: return "-clike"
        case .cnotlike: return "-cnotlike"
        case .cmatch: return "-cmatch"
        case .cnotmatch: return "-cnotmatch"
        case .creplace: return "-creplace"
        case .ccontains: return "-ccontains"
        case .cnotcontains: return "-cnotcontains"
        case .cin: return "-cin"
        case .cnotin: return "-cnotin"
        case .csplit: return "-csplit"
        case .is: return "-is"
        case .isNot: return "-isnot"
        case .as: return "-as"
        case .shl: return "-shl"
        case .shr: return "-shr"
        default:
            if isKeyword {
                let name = String(describing: self)
                return String(name.dropFirst(2)).lowercased()
            }
            return String(describing: self)
        }
    }
}
