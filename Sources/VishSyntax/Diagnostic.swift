/// A parse error, named by PowerShell's own error id and worded with its message text
/// (ParserStrings), so scripts see the messages pwsh would show.
public struct Diagnostic: Hashable, Sendable {
    public var id: ParseErrorID
    public var message: String
    public var range: SourceRange
    /// True when more input could complete the script (an open brace, quote, or
    /// operand at the end): the REPL reads another line instead of reporting it.
    public var isIncompleteInput: Bool

    public init(_ id: ParseErrorID, _ args: [String] = [], at range: SourceRange, incomplete: Bool = false) {
        self.id = id
        self.message = id.format(args)
        self.range = range
        self.isIncompleteInput = incomplete
    }
}

/// PowerShell's parser error ids and their message templates (`{0}` = first argument).
public enum ParseErrorID: String, Hashable, Sendable, CaseIterable {
    case BackgroundOperatorInPipelineChain
    case BadNumericConstant
    case DuplicateNamedArgument
    case DuplicateScriptCommandClause
    case EmptyPipeElement
    case EmptyPipelineChainElement
    case EmptyVariableReference
    case EndSquareBracketExpectedAtEndOfAttribute
    case EndSquareBracketExpectedAtEndOfType
    case ExpectedExpression
    case ExpectedValueExpression
    case ExpressionsMustBeFirstInPipeline
    case IfStatementMissingCondition
    case IncompleteDollarVariableReference
    case IncompleteDollarSubexpressionReference
    case IncompleteMemberDefinition
    case IncompleteString
    case InvalidBracedVariableReference
    case InvalidForeachFlag
    case InvalidFunctionParameter
    case InvalidSwitchFlag
    case InvalidUnicodeEscapeSequence
    case InvalidUnicodeEscapeSequenceValue
    case InvalidVariableReference
    case InvalidVariableReferenceWithDrive
    case MissingArgument
    case MissingArrayIndexExpression
    case MissingCatchHandlerBlock
    case MissingCatchOrFinally
    case MissingColonInTernaryExpression
    case MissingCurlyBraceInSwitchStatement
    case MissingEndCurlyBrace
    case MissingEndParenthesisAfterForeach
    case MissingEndParenthesisAfterStatement
    case MissingEndParenthesisInExpression
    case MissingEndParenthesisInFunctionParameterList
    case MissingEndParenthesisInMethodCall
    case MissingEndParenthesisInSubexpression
    case MissingEndParenthesisInSwitchStatement
    case MissingEndSquareBracket
    case MissingEqualsInHashLiteral
    case MissingExpression
    case MissingExpressionAfterKeyword
    case MissingExpressionAfterOperator
    case MissingExpressionAfterToken
    case MissingExpressionInNamedArgument
    case MissingFileSpecification
    case MissingFilenameOption
    case MissingFinallyStatementBlock
    case MissingForeachExpression
    case MissingForeachStatement
    case MissingFunctionBody
    case MissingInInForeach
    case MissingLoopStatement
    case MissingNameAfterKeyword
    case MissingNamedBlocks
    case MissingNamedStatementBlock
    case MissingOpenParenthesisAfterKeyword
    case MissingOpenParenthesisInIfStatement
    case MissingPropertyName
    case MissingPropertyTerminator
    case MissingStatementAfterKeyword
    case MissingStatementBlock
    case MissingStatementBlockAfterElse
    case MissingStatementInHashLiteral
    case MissingStatementTerminator
    case MissingSwitchConditionExpression
    case MissingSwitchStatementClause
    case MissingTerminatorMultiLineComment
    case MissingThrottleLimit
    case MissingTrapStatement
    case MissingTryStatementBlock
    case MissingTypeBody
    case MissingTypeLiteralToken
    case MissingTypename
    case MissingUsingItemName
    case MissingUsingStatementDirective
    case MissingVariableNameAfterForeach
    case MissingWhileOrUntilInDoWhile
    case MultipleSwitchDefaultClauses
    case OpenBraceNeedsToBeBackTickedInVariableName
    case ParameterRequiresArgument
    case PipelineValueRequired
    case RedirectionNotSupported
    case ReservedKeywordNotAllowed
    case StreamAlreadyRedirected
    case TerminatorExpectedAtEndOfString
    case TypeNotAllowedBeforeParam
    case TypeNotAllowedBeforeStatement
    case UnexpectedAttribute
    case UnexpectedCharactersAfterHereStringHeader
    case UnexpectedToken
    case UnrecognizedToken
    case UsingMustBeAtStartOfScript
    case WhitespaceBeforeHereStringFooter
    /// Vish's own: nesting deeper than the parser allows (pwsh fails with a stack error).
    case NestingTooDeep

    public var template: String {
        switch self {
        case .BackgroundOperatorInPipelineChain: return "Background operators can only be used at the end of a pipeline chain."
        case .BadNumericConstant: return "The numeric constant {0} is not valid."
        case .DuplicateNamedArgument: return "Duplicate named arguments '{0}' are not allowed."
        case .DuplicateScriptCommandClause: return "Script command clause '{0}' has already been defined."
        case .EmptyPipeElement: return "An empty pipe element is not allowed."
        case .EmptyPipelineChainElement: return "A pipeline chain operator must be followed by a pipeline."
        case .EmptyVariableReference: return "An empty ${} variable reference was found. A name is required inside the braces."
        case .EndSquareBracketExpectedAtEndOfAttribute: return "Missing ] at end of attribute or type literal."
        case .EndSquareBracketExpectedAtEndOfType: return "Missing ] at end of type token."
        case .ExpectedExpression: return "An expression was expected after '('."
        case .ExpectedValueExpression: return "You must provide a value expression following the '{0}' operator."
        case .ExpressionsMustBeFirstInPipeline: return "Expressions are only allowed as the first element of a pipeline."
        case .IfStatementMissingCondition: return "Missing condition in if statement after '{0} ('."
        case .IncompleteDollarVariableReference: return "${variable} reference starting is missing the closing '}'."
        case .IncompleteDollarSubexpressionReference: return "$(subexpression) is missing the closing ')'."
        case .IncompleteMemberDefinition: return "Missing a property name or method definition."
        case .IncompleteString: return "Incomplete string token."
        case .InvalidBracedVariableReference: return "Variable reference is not valid. The variable name is missing."
        case .InvalidForeachFlag: return "The parameter {0} is not valid for the foreach statement."
        case .InvalidFunctionParameter: return "Parameter declarations are a comma-separated list of variable names with optional initializer expressions."
        case .InvalidSwitchFlag: return "The parameter {0} is not valid for the switch statement."
        case .InvalidUnicodeEscapeSequence: return "The Unicode escape sequence is not valid. A valid sequence is `u{ followed by one to six hex digits and a closing '}'."
        case .InvalidUnicodeEscapeSequenceValue: return "The Unicode escape sequence value is out of range. The maximum value is 0x10FFFF."
        case .InvalidVariableReference: return "Variable reference is not valid. '$' was not followed by a valid variable name character. Consider using ${} to delimit the name."
        case .InvalidVariableReferenceWithDrive: return "Variable reference is not valid. ':' was not followed by a valid variable name character. Consider using ${} to delimit the name."
        case .MissingArgument: return "Missing argument in parameter list."
        case .MissingArrayIndexExpression: return "Array index expression is missing or not valid."
        case .MissingCatchHandlerBlock: return "The Catch block is missing its statement block."
        case .MissingCatchOrFinally: return "The Try statement is missing its Catch or Finally block."
        case .MissingColonInTernaryExpression: return "Missing ':' in the ternary expression."
        case .MissingCurlyBraceInSwitchStatement: return "Missing '{' in switch statement."
        case .MissingEndCurlyBrace: return "Missing closing '}' in statement block or type definition."
        case .MissingEndParenthesisAfterForeach: return "Missing closing ')' after expression part of foreach loop. The correct form is: foreach ($a in $b) {...}"
        case .MissingEndParenthesisAfterStatement: return "Missing closing ')' after expression in '{0}' statement."
        case .MissingEndParenthesisInExpression: return "Missing closing ')' in expression."
        case .MissingEndParenthesisInFunctionParameterList: return "Missing ')' in function parameter list."
        case .MissingEndParenthesisInMethodCall: return "Missing ')' in method call."
        case .MissingEndParenthesisInSubexpression: return "Missing closing ')' in subexpression."
        case .MissingEndParenthesisInSwitchStatement: return "Missing ')' after expression in switch statement."
        case .MissingEndSquareBracket: return "Missing ']' after array index expression."
        case .MissingEqualsInHashLiteral: return "Missing '=' operator after key in hash literal."
        case .MissingExpression: return "Missing expression after '{0}' in pipeline element."
        case .MissingExpressionAfterKeyword: return "Missing expression after '{0}' in loop."
        case .MissingExpressionAfterOperator: return "Missing expression after unary operator '{0}'."
        case .MissingExpressionAfterToken: return "Missing expression after '{0}'."
        case .MissingExpressionInNamedArgument: return "Missing statement after '=' in named argument."
        case .MissingFileSpecification: return "Missing file specification after redirection operator."
        case .MissingFilenameOption: return "Cannot process the 'switch' statement because of a missing file name argument to the -file option."
        case .MissingFinallyStatementBlock: return "The Finally block is missing its statement block."
        case .MissingForeachExpression: return "Missing expression in foreach loop. The correct form is: foreach ($a in $b) {...}"
        case .MissingForeachStatement: return "Missing statement body in foreach loop. The correct form is: foreach ($a in $b) {...}"
        case .MissingFunctionBody: return "Missing function body in function declaration."
        case .MissingInInForeach: return "Missing 'in' after variable in foreach loop. The correct form is: foreach ($a in $b) {...}"
        case .MissingLoopStatement: return "Missing statement body in {0} loop."
        case .MissingNameAfterKeyword: return "Missing name after {0} keyword."
        case .MissingNamedBlocks: return "unexpected token '{0}', expected 'begin', 'process', 'end', 'clean', or 'dynamicparam'."
        case .MissingNamedStatementBlock: return "Missing statement block after '{0}'."
        case .MissingOpenParenthesisAfterKeyword: return "Missing opening '(' after keyword '{0}'."
        case .MissingOpenParenthesisInIfStatement: return "Missing '(' after '{0}' in if statement."
        case .MissingPropertyName: return "Missing property name after reference operator."
        case .MissingPropertyTerminator: return "Missing ';' or end-of-line in property definition."
        case .MissingStatementAfterKeyword: return "Missing statement body after keyword '{0}'."
        case .MissingStatementBlock: return "Missing statement block after {0} ( condition )."
        case .MissingStatementBlockAfterElse: return "Missing statement block after 'else' keyword."
        case .MissingStatementInHashLiteral: return "Missing statement after '=' in hash literal."
        case .MissingStatementTerminator: return "Missing a newline or semicolon."
        case .MissingSwitchConditionExpression: return "Missing condition in switch statement clause."
        case .MissingSwitchStatementClause: return "Missing statement block in switch statement clause."
        case .MissingTerminatorMultiLineComment: return "The terminator '#>' is missing from the multiline comment."
        case .MissingThrottleLimit: return "The ThrottleLimit parameter of the foreach statement is missing a value. Supply a throttle limit to the parameter."
        case .MissingTrapStatement: return "The 'trap' statement was incomplete. A trap statement requires a body."
        case .MissingTryStatementBlock: return "The Try statement is missing its statement block."
        case .MissingTypeBody: return "Missing '{0}' body in '{0}' declaration."
        case .MissingTypeLiteralToken: return "Missing type literal."
        case .MissingTypename: return "Missing type name after '['."
        case .MissingUsingItemName: return "Missing using name"
        case .MissingUsingStatementDirective: return "Missing using directive"
        case .MissingVariableNameAfterForeach: return "Missing variable name after foreach. The correct form is: foreach ($a in $b) {...}"
        case .MissingWhileOrUntilInDoWhile: return "Missing while or until keyword in do loop."
        case .MultipleSwitchDefaultClauses: return "A switch statement can have only one default clause."
        case .OpenBraceNeedsToBeBackTickedInVariableName: return "Use `{ instead of { in variable names."
        case .ParameterRequiresArgument: return "Parameter {0} requires an argument."
        case .PipelineValueRequired: return "A switch statement must have one of the following:  '-file file_name' or '( expression )'."
        case .RedirectionNotSupported: return "The '{0}' operator is reserved for future use."
        case .ReservedKeywordNotAllowed: return "The '{0}' keyword is not supported in this version of the language."
        case .StreamAlreadyRedirected: return "The {0} for this command is already redirected."
        case .TerminatorExpectedAtEndOfString: return "The string is missing the terminator: {0}."
        case .TypeNotAllowedBeforeParam: return "Unexpected type [{0}] was found in the parameter statement."
        case .TypeNotAllowedBeforeStatement: return "Unexpected type [{0}] was found before statement."
        case .UnexpectedAttribute: return "Unexpected attribute '{0}'."
        case .UnexpectedCharactersAfterHereStringHeader: return "No characters are allowed after a here-string header but before the end of the line."
        case .UnexpectedToken: return "Unexpected token '{0}' in expression or statement."
        case .UnrecognizedToken: return "Unrecognized token in source text."
        case .UsingMustBeAtStartOfScript: return "A 'using' statement must appear before any other statements in a script."
        case .WhitespaceBeforeHereStringFooter: return "White space is not allowed before the string terminator."
        case .NestingTooDeep: return "The script is nested too deeply to parse."
        }
    }

    public func format(_ args: [String]) -> String {
        var text = template
        for (i, arg) in args.enumerated() {
            text = text.replacingOccurrences(of: "{\(i)}", with: arg)
        }
        return text
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let r = rest.range(of: target) {
            result += rest[..<r.lowerBound]
            result += replacement
            rest = rest[r.upperBound...]
        }
        result += rest
        return result
    }
}

extension Substring {
    fileprivate func range(of target: String) -> Range<Substring.Index>? {
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(target) {
                return i..<index(i, offsetBy: target.count)
            }
            i = index(after: i)
        }
        return nil
    }
}
