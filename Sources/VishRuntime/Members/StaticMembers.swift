import Foundation
import VishSyntax

/// `[type]::Member`: the static members of the .NET types scripts use.
enum StaticMembers {
    static func property(_ type: PSType, _ name: String, _ position: ErrorPosition, _ s: Scope) throws -> Value {
        let n = name.lowercased()
        if type.kind == .datetime {
            // The session's virtual clock; Vish's clock is UTC.
            let now = s.context.clock.now
            switch n {
            case "now": return .object(PSDateTime(ticks: now, kind: .local))
            case "utcnow": return .object(PSDateTime(ticks: now, kind: .utc))
            case "today": return .object(PSDateTime(ticks: now - now % PSDateTime.ticksPerDay, kind: .local))
            default: break
            }
        }
        if type.kind == .enumType, let e = Enums.find(type.fullName), let v = e.value(named: name) { return .object(v) }
        if ["cultureinfo", "system.globalization.cultureinfo"].contains(type.fullName.lowercased()) {
            // Vish formats and parses with the invariant rules and en-US names: the cultures
            // scripts pass as format providers.
            switch n {
            case "invariantculture": return .object(CultureInfoObject(name: ""))
            case "currentculture", "currentuiculture", "installeduiculture": return .object(CultureInfoObject(name: "en-US"))
            default: break
            }
        }
        if n == "value" {
            // The "nothing" values scripts pass to mean no value: AutomationNull, and the null string.
            switch type.fullName.lowercased() {
            case "system.management.automation.internal.automationnull": return AutomationNull.value
            case "system.management.automation.language.nullstring", "nullstring": return .object(NullStringValue.shared)
            case "system.dbnull": return .object(DBNullValue.shared)
            default: break
            }
        }
        if type.kind == .psclass, let c = Classes.find(type.fullName), case let scope = c.definingScope ?? s,
           let v = try c.staticVariable(name, scope) {
            return v.value
        }
        switch (type.kind, n) {
        case (.int, "maxvalue"): return .int(Int32.max)
        case (.int, "minvalue"): return .int(Int32.min)
        case (.long, "maxvalue"): return .long(Int64.max)
        case (.long, "minvalue"): return .long(Int64.min)
        case (.double, "maxvalue"): return .double(Double.greatestFiniteMagnitude)
        case (.double, "minvalue"): return .double(-Double.greatestFiniteMagnitude)
        case (.double, "nan"): return .double(.nan)
        case (.double, "positiveinfinity"): return .double(.infinity)
        case (.double, "negativeinfinity"): return .double(-.infinity)
        case (.double, "epsilon"): return .double(Double.leastNonzeroMagnitude)
        case (.decimal, "maxvalue"): return .decimal(.max)
        case (.decimal, "minvalue"): return .decimal(.min)
        case (.byte, "maxvalue"): return .object(PSScalarBox(.byte(255)))
        case (.byte, "minvalue"): return .object(PSScalarBox(.byte(0)))
        case (.sbyte, "maxvalue"): return .object(PSScalarBox(.sbyte(127)))
        case (.sbyte, "minvalue"): return .object(PSScalarBox(.sbyte(-128)))
        case (.int16, "maxvalue"): return .object(PSScalarBox(.int16(Int16.max)))
        case (.int16, "minvalue"): return .object(PSScalarBox(.int16(Int16.min)))
        case (.uint16, "maxvalue"): return .object(PSScalarBox(.uint16(UInt16.max)))
        case (.uint16, "minvalue"): return .object(PSScalarBox(.uint16(0)))
        case (.uint32, "maxvalue"): return .object(PSScalarBox(.uint32(UInt32.max)))
        case (.uint32, "minvalue"): return .object(PSScalarBox(.uint32(0)))
        case (.uint64, "maxvalue"): return .object(PSScalarBox(.uint64(UInt64.max)))
        case (.uint64, "minvalue"): return .object(PSScalarBox(.uint64(0)))
        case (.single, "maxvalue"): return .object(PSScalarBox(.single(Float.greatestFiniteMagnitude)))
        case (.single, "minvalue"): return .object(PSScalarBox(.single(-Float.greatestFiniteMagnitude)))
        case (.char, "maxvalue"): return PSScalarBox.char(0xFFFF)
        case (.char, "minvalue"): return PSScalarBox.char(0)
        case (.string, "empty"): return .string("")
        case (.math, "pi"): return .double(Double.pi)
        case (.math, "e"): return .double(M_E)
        case (.environment, "newline"): return .string("\n")
        case (.environment, "machinename"): return .string("VISH")
        case (.environment, "username"): return .string("vish")
        case (.environment, "processorcount"): return .int(2)
        case (.environment, "currentdirectory"): return .string(FileManager.default.currentDirectoryPath)
        case (.path, "directoryseparatorchar"): return PSScalarBox.char(0x2F)
        case (.path, "pathseparator"): return PSScalarBox.char(0x3A)
        case (.guid, "empty"): return .object(GuidObject("00000000-0000-0000-0000-000000000000"))
        case (.timespan, "zero"): return .object(PSTimeSpan(ticks: 0))
        case (.datetime, "minvalue"): return .object(PSDateTime(ticks: 0))
        case (.datetime, "maxvalue"): return .object(PSDateTime(ticks: 3_155_378_975_999_999_999))
        default: break
        }
        throw Errors.runtime("The property '\(name)' cannot be found on type [\(type.fullName)].", id: "PropertyNotFound", position)
    }

    static func call(_ type: PSType, _ name: String, _ args: [Value], _ s: Scope, _ position: ErrorPosition) throws -> Value {
        if type.fullName == "System.Enum", let r = try enumMethod(name.lowercased(), args, position) { return r }
        if type.kind == .psclass, let c = Classes.find(type.fullName) {
            if name.lowercased() == "new" { return .object(try c.construct(args, s, position)) }
            if let (def, m) = c.findMethod(name, arity: args.count, isStatic: true) { return try def.run(m, nil, args, s, position) }
        }
        do {
            if let r = try callKnown(type, name.lowercased(), args, s, position) { return r }
        } catch let e as MethodError {
            throw Errors.methodInvocation(name, args.count, e, position)
        }
        throw Errors.runtime("Method invocation failed because [\(type.fullName)] does not contain a method named '\(name)'.",
                             id: "MethodNotFound", position)
    }

    /// `[scriptblock]::Create(text)`: a parse error is a ParseException inside the
    /// MethodInvocationException, as .NET reports an exception from a method.
    private static func createScriptBlock(_ text: String, _ position: ErrorPosition) throws -> Value {
        let source = SourceFile(name: "", text: text)
        let result = Parser.parse(source)
        if let first = result.diagnostics.first {
            let at = source.location(of: first.range.start)
            let caret = String(repeating: " ", count: at.column - 1) + String(repeating: "~", count: max(1, first.range.end - first.range.start))
            let message = "At line:\(at.line) char:\(at.column)\n+ \(source.lineText(at.line))\n+ \(caret)\n\(first.message)"
            let inner = ErrorRecord("System.Management.Automation.ParseException", message, id: first.id.rawValue, category: .parserError)
            let r = ErrorRecord("System.Management.Automation.MethodInvocationException",
                                "Exception calling \"Create\" with \"1\" argument(s): \"\(message)\"",
                                id: "ParseException", category: .notSpecified, position: position)
            r.innerType = inner.exceptionType
            r.innerMessage = message
            r.innerRecord = inner
            r.atSequencePoint = true
            throw r
        }
        return .object(ScriptBlockObject(try Compiler.compile(result.script, source: source)))
    }

    private static func callKnown(_ type: PSType, _ n: String, _ rawArgs: [Value], _ s: Scope, _ position: ErrorPosition) throws -> Value? {
        let args = ArgList(rawArgs)
        let ctx = ConversionContext()
        func str(_ i: Int) -> String { i < args.count ? Convert.toString(args[i], ctx) : "" }
        func dbl(_ i: Int) throws -> Double { try Convert.toDouble(args[i], position) }
        if n == "new" { return try construct(type, args.values, s, position) }
        if n == "referenceequals" && args.count == 2 {
            // System.Object's, seen through every type. Values are boxed apart: never the same.
            switch (args[0].normalized, args[1].normalized) {
            case (.null, .null): return .true
            case (.object(let a), .object(let b)): return .bool(a.referenceIdentity === b.referenceIdentity)
            default: return .false
            }
        }
        if type.kind == .scriptblock && n == "create" && args.count == 1 { return try createScriptBlock(str(0), position) }
        switch type.kind {
        case .languagePrimitives:
            // PowerShell's own conversions, as casts do them.
            switch n {
            case "convertto" where args.count == 2:
                guard case .object(let t as TypeObject) = args[1].normalized else { return nil }
                return try Convert.to(t.type, args[0], position)
            case "istrue" where args.count == 1: return .bool(Convert.toBool(args[0]))
            default: return nil
            }
        case .math:
            switch n {
            case "clamp" where args.count == 3:
                let x = try Convert.toNumber(args[0], position), lo = try Convert.toNumber(args[1], position)
                let hi = try Convert.toNumber(args[2], position)
                if Comparison.numericCompare(x, lo) < 0 { return lo }
                if Comparison.numericCompare(x, hi) > 0 { return hi }
                return x
            case "sign" where args.count == 1:
                let d = try Convert.toDouble(args[0], position)
                return .int(d > 0 ? 1 : (d < 0 ? -1 : 0))
            case "round":
                var digits = 0
                var awayFromZero = false
                for a in args.dropFirst() {
                    if case .string(let m) = a { awayFromZero = m.lowercased() == "awayfromzero" }
                    else if case .object(let e as EnumValue) = a { awayFromZero = e.name.lowercased() == "awayfromzero" }
                    else { digits = Int(try Convert.toInt32(a, position)) }
                }
                if case .decimal(let d) = args[0] {
                    return .decimal(d.rounded(places: max(0, digits), awayFromZero ? .awayFromZero : .toEven))
                }
                let x = try dbl(0)
                return .double(Rounding.round(x, digits, awayFromZero: awayFromZero))
            case "floor":
                if case .decimal(let d) = args[0] { return .decimal(d.rounded(.down)) }
                return .double(try dbl(0).rounded(.down))
            case "ceiling":
                if case .decimal(let d) = args[0] { return .decimal(d.rounded(.up)) }
                return .double(try dbl(0).rounded(.up))
            case "truncate":
                if case .decimal(let d) = args[0] { return .decimal(d.rounded(.towardZero)) }
                return .double(try dbl(0).rounded(.towardZero))
            case "abs":
                switch args[0] {
                case .int(let i): return i == Int32.min ? .long(-Int64(i)) : .int(abs(i))
                case .long(let l): return .long(abs(l))
                case .decimal(let d): return .decimal(d.magnitude)
                default: return .double(abs(try dbl(0)))
                }
            case "max", "min":
                let a = try Convert.toNumber(args[0], position), b = try Convert.toNumber(args[1], position)
                let c = Comparison.numericCompare(a, b)
                let pick = (n == "max") == (c >= 0) ? a : b
                if case .int = a, case .int = b { return pick }
                if case .long = pick { return pick }
                if case .decimal = a { return pick }
                return .double(Arithmetic.dbl(pick))
            case "pow": return .double(pow(try dbl(0), try dbl(1)))
            case "sqrt": return .double(sqrt(try dbl(0)))
            case "log":
                if args.count > 1 { return .double(Foundation.log(try dbl(0)) / Foundation.log(try dbl(1))) }
                return .double(Foundation.log(try dbl(0)))
            case "log10": return .double(log10(try dbl(0)))
            case "log2": return .double(log2(try dbl(0)))
            case "exp": return .double(exp(try dbl(0)))
            case "sign": return .int(Int32((try dbl(0)).sign == .minus ? -1 : (try dbl(0) == 0 ? 0 : 1)))
            case "sin": return .double(sin(try dbl(0)))
            case "cos": return .double(cos(try dbl(0)))
            case "tan": return .double(tan(try dbl(0)))
            default: return nil
            }
        case .int, .long, .double, .decimal, .byte, .int16, .uint32, .uint64:
            if n == "tryparse", args.count == 2 {
                let ref = args[1].asObject as? ReferenceObject
                do {
                    let v = try Convert.to(type, .string(str(0)), position)
                    try ref?.set(v)
                    return .true
                } catch is ErrorRecord {
                    try ref?.set(Convert.defaultValue(type))
                    return .false
                }
            }
            if n == "parse" {
                do {
                    return try Convert.to(type, .string(str(0)), position)
                } catch is ErrorRecord {
                    throw MethodError(message: "The input string '\(str(0))' was not in a correct format.", id: "FormatException")
                }
            }
            return nil
        case .string:
            switch n {
            case "isnullorempty": return .bool(args.first.map { $0.isNullish || Convert.toString($0, ctx).isEmpty } ?? true)
            case "isnullorwhitespace":
                return .bool(args.first.map { $0.isNullish || Convert.toString($0, ctx).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } ?? true)
            case "join":
                let sep = str(0)
                var items: [Value] = Array(args.dropFirst())
                if items.count == 1, case .object(let o) = items[0], o.isEnumerable { items = o.enumerate() }
                return .string(items.map { Convert.toString($0, ctx) }.joined(separator: sep))
            case "format":
                var fargs = Array(args.dropFirst())
                if fargs.count == 1, case .object(let o as PSArray) = fargs[0] { fargs = o.items }
                return .string(try StringOperators.format(args[0], .object(PSArray(fargs)), position))
            case "concat":
                if args.count == 1, case .object(let o) = args[0], o.isEnumerable {
                    return .string(o.enumerate().map { Convert.toString($0, ctx) }.joined())
                }
                return .string(args.map { Convert.toString($0, ctx) }.joined())
            case "compare":
                let ignore = args.count > 2 && Convert.toBool(args[2])
                return .int(Int32(Comparison.compareStrings(str(0), str(1), caseSensitive: !ignore)))
            case "equals": return .bool(str(0) == str(1))
            default: return nil
            }
        case .char:
            let c = str(0)
            switch n {
            case "isdigit": return .bool(c.first?.isNumber ?? false)
            case "isletter": return .bool(c.first?.isLetter ?? false)
            case "isletterordigit": return .bool(c.first.map { $0.isLetter || $0.isNumber } ?? false)
            case "isupper": return .bool(c.first?.isUppercase ?? false)
            case "islower": return .bool(c.first?.isLowercase ?? false)
            case "iswhitespace": return .bool(c.first?.isWhitespace ?? false)
            case "toupper": return try Convert.toChar(.string(c.uppercased()), position)
            case "tolower": return try Convert.toChar(.string(c.lowercased()), position)
            case "convertfromutf32":
                let code = try Convert.toInt32(args.first ?? .null, position)
                guard let scalar = Unicode.Scalar(UInt32(bitPattern: code)) else {
                    throw MethodError(message: "A valid UTF32 value is between 0x000000 and 0x10ffff, inclusive, and should not include surrogate codepoint values (0x00d800 ~ 0x00dfff). (Parameter 'utf32')",
                                      id: "ArgumentOutOfRangeException")
                }
                return .string(String(Character(scalar)))
            case "converttoutf32":
                // (string s, int index) or (char high, char low).
                guard args.count == 2 else { return nil }
                var units = Array(c.utf16)
                if case .int(let i) = args[1].normalized {
                    units = Array(units.dropFirst(Int(i)))
                } else {
                    units += Array(str(1).utf16)
                }
                guard let first = units.first else { return nil }
                if UTF16.isLeadSurrogate(first), units.count > 1, UTF16.isTrailSurrogate(units[1]) {
                    return .int(Int32(0x10000 + ((Int(first) - 0xD800) << 10) + (Int(units[1]) - 0xDC00)))
                }
                return .int(Int32(first))
            default: return nil
            }
        case .regex:
            switch n {
            case "escape": return .string(NSRegularExpression.escapedPattern(for: str(0)))
            case "unescape": return .string(str(0).replacingOccurrences(of: "\\", with: ""))
            case "ismatch", "match", "matches", "split":
                guard args.count >= 2 else { return nil }
                let options = args.count > 2 ? RegexObject.options(args[2]) : ([], true)
                let regex = try Matching.regex(str(1), caseSensitive: options.1, position, options: options.0)
                return try RegexObject.apply(n, regex, str(0), [], s, position)
            case "replace":
                guard args.count >= 3 else { return nil }
                let options = args.count > 3 ? RegexObject.options(args[3]) : ([], true)
                let regex = try Matching.regex(str(1), caseSensitive: options.1, position, options: options.0)
                return try RegexObject.apply(n, regex, str(0), [args[2]], s, position)
            default: return nil
            }
        case .datetime:
            switch n {
            case "parse":
                return try Convert.to(.datetime, .string(str(0)), position)
            case "parseexact" where args.count >= 2:
                // One format or several (the first that matches).
                let formats: [String]
                if case .object(let o) = args[1].normalized, o.isEnumerable {
                    formats = o.enumerate().map { Convert.toString($0, ConversionContext()) }
                } else {
                    formats = [str(1)]
                }
                let text = str(0)
                for f in formats { if let d = DateParseExact.parse(text, f) { return .object(d) } }
                throw MethodError(message: "String '\(text)' was not recognized as a valid DateTime.", id: "FormatException")
            case "daysinmonth":
                let m = Int(try Convert.toInt32(args[1], position))
                guard (1...12).contains(m) else {
                    throw MethodError(message: "Month must be between one and twelve. (Parameter 'month')", id: "ArgumentOutOfRangeException")
                }
                return .int(Int32(DateParsing.daysIn(Int(try Convert.toInt32(args[0], position)), m)))
            case "isleapyear": return .bool(PSDateTime.isLeap(Int(try Convert.toInt32(args[0], position))))
            default: return nil
            }
        case .timespan:
            let factor: Double
            switch n {
            case "fromdays": factor = Double(PSDateTime.ticksPerDay)
            case "fromhours": factor = 36_000_000_000
            case "fromminutes": factor = 600_000_000
            case "fromseconds": factor = 10_000_000
            case "frommilliseconds": factor = 10_000
            case "fromticks": factor = 1
            case "parse": return try Convert.to(.timespan, .string(str(0)), position)
            default: return nil
            }
            return .object(PSTimeSpan(ticks: Int64((try dbl(0) * factor).rounded())))
        case .guid:
            switch n {
            case "newguid": return .object(GuidObject.random(&s.context.random))
            case "parse": return .object(GuidObject(str(0).lowercased()))
            default: return nil
            }
        case .path:
            let p = str(0) as NSString
            switch n {
            case "combine", "join":
                var result = ""
                for a in args {
                    let part = Convert.toString(a, ctx)
                    if part.hasPrefix("/") || result.isEmpty { result = part } else { result = (result as NSString).appendingPathComponent(part) }
                }
                return .string(result)
            case "getfilename": return .string(p.lastPathComponent)
            case "getextension": return .string(p.pathExtension.isEmpty ? "" : "." + p.pathExtension)
            case "getfilenamewithoutextension": return .string((p.lastPathComponent as NSString).deletingPathExtension)
            case "getdirectoryname": return .string(p.deletingLastPathComponent)
            case "gettemppath": return .string(NSTemporaryDirectory())
            case "getfullpath": return .string(FileSystem.resolve(str(0), s.context))
            case "changeextension": return .string(p.deletingPathExtension + (str(1).hasPrefix(".") ? str(1) : "." + str(1)))
            default: return nil
            }
        case .environment:
            switch n {
            case "getenvironmentvariable": return ProcessInfo.processInfo.environment[str(0)].map { .string($0) } ?? .null
            case "setenvironmentvariable": setenv(str(0), str(1), 1); return AutomationNull.value
            default: return nil
            }
        case .array:
            guard let first = args.first, case .object(let o) = first.normalized, o.isEnumerable else { return nil }
            switch n {
            case "indexof":
                let items = o.enumerate()
                return .int(Int32(try items.firstIndex { try Comparison.equals($0, args[1], caseSensitive: true) } ?? -1))
            case "reverse":
                if let a = o as? PSArray { a.items.reverse() }
                return AutomationNull.value
            case "sort":
                if let a = o as? PSArray {
                    a.items = try SortHelper.sorted(a.items) { x, y in SortObject.compare(x, y, caseSensitive: true) < 0 }
                }
                return AutomationNull.value
            case "exists", "find", "findall": return nil
            default: return nil
            }
        case .convert:
            switch n {
            case "toint32", "toint64", "toint16", "tobyte" where args.count == 2:
                let base = Int(try Convert.toInt32(args[1], position))
                var text = str(0).lowercased()
                if base == 16 && text.hasPrefix("0x") { text.removeFirst(2) }
                guard [2, 8, 10, 16].contains(base) else {
                    throw MethodError(message: "Invalid Base. (Parameter 'fromBase')", id: "ArgumentException")
                }
                guard let n = Int64(text, radix: base) else {
                    throw MethodError(message: "Could not find any recognizable digits.", id: "FormatException")
                }
                if n > Int64(UInt32.max) || n < Int64(Int32.min) { return .long(n) }
                return n > Int64(Int32.max) ? .int(Int32(truncatingIfNeeded: n)) : .int(Int32(n))
            case "toint32": return try Convert.to(.int, args[0], position)
            case "toint64": return try Convert.to(.long, args[0], position)
            case "tostring" where args.count == 2:
                let base = Int(try Convert.toInt32(args[1], position))
                let n = try Convert.toInt64(args[0], position)
                guard [2, 8, 10, 16].contains(base) else {
                    throw MethodError(message: "Invalid Base. (Parameter 'toBase')", id: "ArgumentException")
                }
                let value = n < 0 && base != 10 ? String(UInt32(truncatingIfNeeded: n), radix: base) : String(n, radix: base)
                return .string(value)
            case "todouble": return try Convert.to(.double, args[0], position)
            case "tostring": return .string(Convert.toString(args[0], ctx))
            case "toboolean": return .bool(Convert.toBool(args[0]))
            case "tobase64string":
                let bytes = (args.first?.asArray?.items ?? []).map { UInt8(truncatingIfNeeded: (try? Convert.toInt64($0, position)) ?? 0) }
                return .string(Data(bytes).base64EncodedString())
            case "frombase64string":
                let data = Data(base64Encoded: str(0)) ?? Data()
                return .object(PSArray(data.map { .object(PSScalarBox(.byte($0))) }, elementType: PSType.named["byte"]))
            default: return nil
            }
        default:
            return nil
        }
    }

    /// `[enum]::GetNames([T])`, GetValues, Parse, IsDefined, ToObject.
    static func enumMethod(_ n: String, _ args: [Value], _ position: ErrorPosition) throws -> Value? {
        guard case .object(let t as TypeObject)? = args.first, let e = Enums.find(t.type.fullName) else { return nil }
        switch n {
        case "getnames": return .object(PSArray(e.members.map { .string($0.0) }, elementType: .string))
        case "getvalues": return .object(PSArray(e.members.map { .object(EnumValue(type: e.fullName, name: $0.0, value: $0.1)) }))
        case "parse" where args.count >= 2: return try e.convert(args[1], position)
        case "isdefined" where args.count == 2:
            switch args[1].normalized {
            case .string(let s): return .bool(e.members.contains { $0.0 == s })
            default: return .bool(e.members.contains { $0.1 == Int((try? Convert.toInt64(args[1], position)) ?? -1) })
            }
        case "toobject" where args.count == 2: return .object(e.value(Int(try Convert.toInt64(args[1], position))))
        case "getname" where args.count == 2:
            let v = Int(try Convert.toInt64(args[1], position))
            return e.members.first { $0.1 == v }.map { .string($0.0) } ?? .null
        default: return nil
        }
    }

    /// `[type]::new(args)`.
    static func construct(_ type: PSType, _ rawArgs: [Value], _ s: Scope, _ position: ErrorPosition) throws -> Value {
        let args = ArgList(rawArgs)
        switch type.kind {
        case .string:
            // String(char c, int count) and String(char[] value)
            if args.count == 2 {
                let c = Convert.toString(try Convert.toChar(args[0], position), ConversionContext())
                let n = Int(try Convert.toInt32(args[1], position))
                try Limits.check(length: n, position)
                return .string(String(repeating: c, count: max(0, n)))
            }
            if args.count == 1, case .object(let o) = args[0].normalized, o.isEnumerable {
                return .string(o.enumerate().map { Convert.toString($0, ConversionContext()) }.joined())
            }
            return .string(args.first.map { Convert.toString($0, ConversionContext()) } ?? "")
        case .arrayList, .list:
            if case .object(let o)? = args.first, o.isEnumerable { return try Convert.to(type, args[0], position) }
            return .object(PSList([], type: type))
        case .stack, .queue, .hashSet:
            // (), (int capacity) or (IEnumerable<T> collection).
            let c = PSGenericCollection(type)
            if case .object(let o)? = args.first, o.isEnumerable { try c.add(contentsOf: o.enumerate(), position) }
            return .object(c)
        case .hashtable: return .object(PSHashtable())
        case .ordered: return .object(PSHashtable(ordered: true))
        case .stringBuilder:
            let b = StringBuilderObject()
            if let a = args.first, case .string(let t) = a { b.text = t }
            return .object(b)
        case .datetime:
            let parts = try args.map { Int(try Convert.toInt32($0, position)) }
            if parts.count == 1 { return .object(PSDateTime(ticks: Int64(parts[0]))) }
            guard parts.count >= 3 else { return .object(PSDateTime(ticks: 0)) }
            guard let t = PSDateTime.validTicks(year: parts[0], month: parts[1], day: parts[2],
                                                hour: parts.count > 3 ? parts[3] : 0, minute: parts.count > 4 ? parts[4] : 0,
                                                second: parts.count > 5 ? parts[5] : 0, millisecond: parts.count > 6 ? parts[6] : 0) else {
                throw Errors.methodInvocation("new", args.count, MethodError(message: "Year, Month, and Day parameters describe an un-representable DateTime.",
                                                                              id: "ArgumentOutOfRangeException"), position)
            }
            return .object(PSDateTime(ticks: t))
        case .timespan:
            let parts = try args.map { try Convert.toInt64($0, position) }
            switch parts.count {
            case 1: return .object(PSTimeSpan(ticks: parts[0]))
            case 3: return .object(PSTimeSpan(ticks: parts[0] * 36_000_000_000 + parts[1] * 600_000_000 + parts[2] * 10_000_000))
            case 4: return .object(PSTimeSpan(ticks: parts[0] * PSDateTime.ticksPerDay + parts[1] * 36_000_000_000 + parts[2] * 600_000_000 + parts[3] * 10_000_000))
            default: return .object(PSTimeSpan(ticks: 0))
            }
        case .version:
            if args.count == 1 { return try Convert.to(type, args[0], position) }
            return .object(VersionObject(parts: try args.map { Int(try Convert.toInt32($0, position)) }))
        case .regex:
            let options = args.count > 1 ? RegexObject.options(args[1]) : ([], true)
            var nsOptions = options.0
            if !options.1 { nsOptions.insert(.caseInsensitive) }
            return .object(RegexObject(Convert.toString(args.first ?? .string(""), ConversionContext()), options: nsOptions))
        case .pscustomobject, .psobject:
            return .object(PSCustomObject())
        case .exception:
            var message = args.first.map { Convert.toString($0, ConversionContext()) } ?? "Exception of type '\(type.fullName)' was thrown."
            var paramName: String?
            // .NET's argument exceptions: (paramName[, message]) for Null/OutOfRange,
            // (message[, paramName]) for ArgumentException; the message names the parameter.
            if ExceptionTypes.isArgumentException(type.fullName), !args.isEmpty {
                let texts = args.map { Convert.toString($0, ConversionContext()) }
                let secondIsText: Bool = { if case .string = args[args.count > 1 ? 1 : 0].normalized { return true }; return false }()
                switch type.fullName.lowercased() {
                case "system.argumentnullexception", "system.argumentoutofrangeexception":
                    paramName = texts[0]
                    let standard = type.fullName.lowercased() == "system.argumentnullexception"
                        ? "Value cannot be null." : "Specified argument was out of the range of valid values."
                    message = "\(args.count > 1 && secondIsText ? texts[1] : standard) (Parameter '\(texts[0])')"
                default:
                    if args.count > 1 && secondIsText {
                        paramName = texts[1]
                        message = "\(texts[0]) (Parameter '\(texts[1])')"
                    }
                }
            }
            let e = ErrorRecord(type.fullName, message, id: type.name, category: .notSpecified, position: position)
            e.isExceptionValue = true
            if let paramName { e.exceptionProperties["paramname"] = .string(paramName) }
            if args.count > 1, case .object(let inner as ErrorRecord) = args[1] {
                e.innerType = inner.exceptionType
                e.innerMessage = inner.message
            }
            return .object(e)
        case .errorRecord:
            // ErrorRecord(exception, errorId, category, targetObject)
            guard args.count == 4 else {
                throw Errors.runtime("Cannot find an overload for \"new\" and the argument count: \"\(args.count)\".",
                                     id: "MethodCountCouldNotFindBest", position)
            }
            let ex = args[0].asObject as? ErrorRecord
            let category = ErrorCategory.allCases.first {
                $0.rawValue.caseInsensitiveCompare(Convert.toString(args[2], ConversionContext())) == .orderedSame
            } ?? .notSpecified
            let r = ErrorRecord(ex?.exceptionType ?? "System.Exception", ex?.message ?? Convert.toString(args[0], ConversionContext()),
                                id: Convert.toString(args[1], ConversionContext()), category: category, target: args[3])
            r.innerType = ex?.innerType
            r.innerMessage = ex?.innerMessage
            return .object(r)
        case .guid:
            return .object(GuidObject(Convert.toString(args.first ?? .string(""), ConversionContext()).lowercased()))
        default:
            if args.count == 1 { return try Convert.to(type, args[0], position) }
            throw Errors.runtime("Cannot find an overload for \"new\" and the argument count: \"\(args.count)\".",
                                 id: "MethodCountCouldNotFindBest", position)
        }
    }
}

/// `[math]::Round`: to-even by default, away from zero on request.
enum Rounding {
    static func round(_ x: Double, _ digits: Int, awayFromZero: Bool) -> Double {
        if digits == 0 { return x.rounded(awayFromZero ? .toNearestOrAwayFromZero : .toNearestOrEven) }
        let scale = pow(10.0, Double(digits))
        let scaled = x * scale
        // Correct for representation error: .NET rounds the decimal digits the value shows.
        let nearest = (scaled * 1e9).rounded() / 1e9
        return nearest.rounded(awayFromZero ? .toNearestOrAwayFromZero : .toNearestOrEven) / scale
    }
}

/// `[guid]`.
public final class GuidObject: PSObjectBase {
    let text: String
    init(_ text: String) { self.text = text }
    public override var typeName: String { "System.Guid" }
    public override func toString(_ context: ConversionContext) -> String { text }
    public override var propertyNames: [String] { ["Guid"] }
    public override func getProperty(_ name: String) -> Value? { name.lowercased() == "guid" ? .string(text) : nil }
    public override func callMethod(_ name: String, _ args: [Value], _ context: ExecutionContext) throws -> Value? {
        guard name.lowercased() == "tostring" else { return nil }
        let bare = text.replacingOccurrences(of: "-", with: "")
        switch args.first.map({ Convert.toString($0, ConversionContext()) }) ?? "D" {
        case "N", "n": return .string(bare)
        case "B", "b": return .string("{" + text + "}")
        case "P", "p": return .string("(" + text + ")")
        case "D", "d", "": return .string(text)
        default: throw MethodError(message: "Format string can be only \"D\", \"d\", \"N\", \"n\", \"P\", \"p\", \"B\", \"b\", \"X\" or \"x\".", id: "FormatException")
        }
    }
    static func random(_ rng: inout SeededRandom) -> GuidObject {
        let a = rng.next(), b = rng.next()
        var hex = String(format: "%016llx%016llx", a, b)
        // Version 4, variant 10xx.
        var chars = Array(hex)
        chars[12] = "4"
        chars[16] = ["8", "9", "a", "b"][Int(b >> 62)]
        hex = String(chars)
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return GuidObject(parts.joined(separator: "-"))
    }
    public override func isEqual(to other: PSObjectBase) -> Bool { (other as? GuidObject)?.text == text }
}

/// `[regex]::Match` with no match.
public final class FailedMatch: PSObjectBase {
    public override var typeName: String { "System.Text.RegularExpressions.Match" }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "success": return .false
        case "value": return .string("")
        case "index", "length": return .int(0)
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { "" }
}

/// `[cultureinfo]::InvariantCulture` and the current culture (en-US).
public final class CultureInfoObject: PSObjectBase {
    let name: String
    init(name: String) { self.name = name }
    public override var typeName: String { "System.Globalization.CultureInfo" }
    public override var propertyNames: [String] { ["LCID", "Name", "DisplayName"] }
    public override func getProperty(_ n: String) -> Value? {
        switch n.lowercased() {
        case "name": return .string(name)
        case "displayname": return .string(name.isEmpty ? "Invariant Language (Invariant Country)" : "English (United States)")
        case "lcid": return .int(name.isEmpty ? 127 : 1033)
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { name }
}
