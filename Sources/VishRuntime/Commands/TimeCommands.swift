import Foundation

/// Get-Date, New-TimeSpan and Start-Sleep on the session's virtual clock, and Get-Random
/// on its seeded generator: the same script prints the same bytes on every run.
enum TimeCommands {
    static let all: [CmdletInfo] = [
        CmdletInfo("Get-Date", [
            ParameterInfo(name: "Date", type: .datetime, aliases: ["LastWriteTime"], position: 0, fromPipeline: true,
                          fromPipelineByPropertyName: true),
            ParameterInfo(name: "Year", type: .int), ParameterInfo(name: "Month", type: .int),
            ParameterInfo(name: "Day", type: .int), ParameterInfo(name: "Hour", type: .int),
            ParameterInfo(name: "Minute", type: .int), ParameterInfo(name: "Second", type: .int),
            ParameterInfo(name: "Millisecond", type: .int),
            ParameterInfo(name: "DisplayHint", type: .string),
            ParameterInfo(name: "Format", type: .string, set: "DateAndFormat"),
            ParameterInfo(name: "UFormat", type: .string, mandatory: true, set: "UFormat"),
            ParameterInfo(name: "UnixTimeSeconds", type: .long, aliases: ["UnixTime"]),
            ParameterInfo(name: "AsUTC", isSwitch: true),
        ], defaultSet: "DateAndFormat", make: { GetDate($0, $1) }),
        CmdletInfo("New-TimeSpan", [
            ParameterInfo(name: "Start", type: .datetime, aliases: ["LastWriteTime"], position: 0, fromPipelineByPropertyName: true, set: "Date"),
            ParameterInfo(name: "End", type: .datetime, position: 1, set: "Date"),
            ParameterInfo(name: "Days", type: .int, set: "Time"), ParameterInfo(name: "Hours", type: .int, set: "Time"),
            ParameterInfo(name: "Minutes", type: .int, set: "Time"), ParameterInfo(name: "Seconds", type: .int, set: "Time"),
            ParameterInfo(name: "Milliseconds", type: .int, set: "Time"),
        ], defaultSet: "Date", make: { NewTimeSpan($0, $1) }),
        CmdletInfo("Start-Sleep", [
            ranged(ParameterInfo(name: "Seconds", type: .double, position: 0, mandatory: true, fromPipeline: true,
                                 fromPipelineByPropertyName: true, set: "Seconds"), 0, Double(Int32.max / 1000)),
            ranged(ParameterInfo(name: "Milliseconds", type: .int, aliases: ["ms"], mandatory: true, fromPipelineByPropertyName: true,
                                 set: "Milliseconds"), 0, Double(Int32.max)),
            ParameterInfo(name: "Duration", type: .timespan, aliases: ["ts"], position: 0, mandatory: true, fromPipeline: true,
                          fromPipelineByPropertyName: true, set: "FromTimeSpan"),
        ], defaultSet: "Seconds", chooseSet: { args in
            // A positional TimeSpan is a -Duration (pwsh binds by type before converting).
            if case .object(_ as PSTimeSpan)? = PipelineCommands.firstPositional(args)?.normalized { return "FromTimeSpan" }
            return nil
        }, make: { StartSleep($0, $1) }),
        CmdletInfo("Get-Random", [
            ParameterInfo(name: "SetSeed", type: .int),
            ParameterInfo(name: "Maximum", position: 0, set: "RandomNumberParameterSet"),
            ParameterInfo(name: "Minimum", set: "RandomNumberParameterSet"),
            {
                // Shuffled too (-Shuffle's set takes the same input).
                let p = ParameterInfo(name: "InputObject", type: .objectArray, position: 0, mandatory: true, fromPipeline: true,
                                      set: "RandomListItemParameterSet")
                p.sets.append(ParameterSetEntry(set: "ShuffleParameterSet", position: nil, mandatory: true, fromPipeline: true,
                                                fromPipelineByPropertyName: false, fromRemaining: false))
                return p
            }(),
            ParameterInfo(name: "Shuffle", mandatory: true, set: "ShuffleParameterSet", isSwitch: true),
            ParameterInfo(name: "Count", type: .int),
        ], defaultSet: "RandomNumberParameterSet", chooseSet: { args in
            args.contains { $0.parameterName == nil && $0.value.map { v in
                if case .object(let o) = v, o.isEnumerable { return true }
                return false
            } ?? false } ? "RandomListItemParameterSet" : nil
        }, make: { GetRandom($0, $1) }),
    ]

    private static func ranged(_ p: ParameterInfo, _ lo: Double, _ hi: Double) -> ParameterInfo {
        p.validateRange = (lo, hi)
        return p
    }
}

final class GetDate: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        var ticks = context.clock.now
        var kind = PSDateTime.Kind.local
        if case .object(let d as PSDateTime)? = param("Date") { (ticks, kind) = (d.ticks, d.kind) }
        if let unix = param("UnixTimeSeconds") {
            ticks = PSDateTime.ticks(year: 1970, month: 1, day: 1) + (try Convert.toInt64(unix, call.position)) * PSDateTime.ticksPerSecond
        }
        var p = PSDateTime.parts(ticks)
        if let v = try int("Year") { p.year = v }
        if let v = try int("Month") { p.month = v }
        if let v = try int("Day") { p.day = v }
        if let v = try int("Hour") { p.hour = v }
        if let v = try int("Minute") { p.minute = v }
        if let v = try int("Second") { p.second = v }
        if let v = try int("Millisecond") { p.millisecond = v }
        guard let t = PSDateTime.validTicks(year: p.year, month: p.month, day: min(p.day, DateParsing.daysIn(p.year, p.month)),
                                            hour: p.hour, minute: p.minute, second: p.second, millisecond: p.millisecond) else {
            try throwTerminating(error("Year, Month, and Day parameters describe an un-representable DateTime.",
                                       id: "GetDateInvalidDateTime", category: .invalidArgument,
                                       exception: "System.ArgumentOutOfRangeException"))
        }
        if switchOn("AsUTC") { kind = .utc }    // (local time is UTC: only the kind changes)
        let date = PSDateTime(ticks: t + p.fraction % 10_000, kind: kind)
        if let f = string("Format") {
            // The FileDate* names pwsh adds for file names.
            let file: [String: String] = ["filedate": "yyyyMMdd", "filedateuniversal": "yyyyMMdd'Z'",
                                          "filedatetime": "yyyyMMdd'T'HHmmssffff", "filedatetimeuniversal": "yyyyMMdd'T'HHmmssffff'Z'"]
            try writeObject(.string(DateFormatting.format(date, file[f.lowercased()] ?? f)))
        } else if let u = string("UFormat") {
            try writeObject(.string(Self.uformat(date, u)))
        } else {
            if let hint = string("DisplayHint") {
                guard let known = ["Date", "Time", "DateTime"].first(where: { $0.caseInsensitiveCompare(hint) == .orderedSame }) else {
                    throw Errors.binding("Cannot bind parameter 'DisplayHint'. Cannot convert value \"\(hint)\" to type \"Microsoft.PowerShell.Commands.DisplayHintType\". Error: \"Unable to match the identifier name \(hint) to a valid enumerator name. Specify one of the following enumerator names and try again:\nDate, Time, DateTime\"",
                                         id: "CannotConvertArgumentNoMessage", info.implementingType, call.position)
                }
                date.displayHint = known
            }
            try writeObject(.object(date))
        }
    }

    /// `-UFormat`: the Unix `date` specifiers, exactly as pwsh's GetDateCommand maps them.
    static func uformat(_ d: PSDateTime, _ format: String) -> String {
        var out = ""
        var chars = format.makeIterator()
        let p = d.parts
        func f(_ pattern: String) -> String { DateFormatting.custom(d, pattern) }
        while let c = chars.next() {
            guard c == "%", let code = chars.next() else { out.append(c); continue }
            switch code {
            case "A": out += f("dddd")
            case "a": out += f("ddd")
            case "B": out += f("MMMM")
            case "b", "h": out += f("MMM")
            case "C": out += String(p.year / 100)
            case "c": out += f("ddd dd MMM yyyy HH:mm:ss")
            case "D", "x": out += f("MM/dd/yy")
            case "d": out += f("dd")
            case "e": out += (p.day < 10 ? " " : "") + String(p.day)
            case "F": out += f("yyyy-MM-dd")
            case "G": out += String(format: "%04d", ISOWeek.year(d))
            case "g": out += String(format: "%02d", ISOWeek.year(d) % 100)
            case "H": out += f("HH")
            case "I": out += f("hh")
            case "j": out += String(format: "%03d", p.dayOfYear)
            case "k": out += (p.hour < 10 ? " " : "") + String(p.hour)
            case "l": out += String(format: "%2d", p.hour % 12 == 0 ? 12 : p.hour % 12)
            case "M": out += f("mm")
            case "m": out += f("MM")
            case "n": out += "\n"
            case "p": out += f("tt")
            case "R": out += f("HH:mm")
            case "r": out += f("hh:mm:ss tt")
            case "S": out += f("ss")
            case "s": out += String((d.ticks - PSDateTime.ticks(year: 1970, month: 1, day: 1)) / PSDateTime.ticksPerSecond)
            case "T", "X": out += f("HH:mm:ss")
            case "t": out += "\t"
            case "U", "W": out += String(p.dayOfYear / 7)
            case "u": out += String(p.dayOfWeek == 0 ? 7 : p.dayOfWeek)
            case "V": out += String(format: "%02d", ISOWeek.week(d))
            case "w": out += String(p.dayOfWeek)
            case "Y": out += f("yyyy")
            case "y": out += f("yy")
            case "Z": out += "+00"
            default: out.append(code)
            }
        }
        return out
    }

    private static func format3(_ v: Int) -> String { v < 10 ? "00\(v)" : (v < 100 ? "0\(v)" : "\(v)") }
}

final class NewTimeSpan: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        if isBound("Start") || isBound("End") {
            let start = (param("Start")?.asObject as? PSDateTime)?.ticks ?? context.clock.now
            let end = (param("End")?.asObject as? PSDateTime)?.ticks ?? context.clock.now
            try writeObject(.object(PSTimeSpan(ticks: end - start)))
            return
        }
        let days = Int64(try int("Days") ?? 0), hours = Int64(try int("Hours") ?? 0)
        let minutes = Int64(try int("Minutes") ?? 0), seconds = Int64(try int("Seconds") ?? 0)
        let ms = Int64(try int("Milliseconds") ?? 0)
        let ticks = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * PSDateTime.ticksPerSecond + ms * 10_000
        try writeObject(.object(PSTimeSpan(ticks: ticks)))
    }
}

/// Never sleeps: the virtual clock moves on instead.
final class StartSleep: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        var seconds = 0.0
        if let s = param("Seconds") { seconds = try Convert.toDouble(s, call.position) }
        if let ms = try int("Milliseconds") { seconds = Double(ms) / 1000 }
        if case .object(let t as PSTimeSpan)? = param("Duration") {
            if t.ticks < 0 {
                throw Errors.binding("Cannot validate argument on parameter 'Duration'. The argument \"\(t.toString(ConversionContext()))\" cannot be validated because its value is not greater than or equal to zero.",
                                     id: "ParameterArgumentValidationError", info.implementingType, call.position,
                                     exception: "System.Management.Automation.ParameterBindingValidationException")
            }
            if t.ticks / 10_000 > Int64(Int32.max) {
                try throwTerminating(error("The '-Duration' parameter value must not exceed '24.20:31:23.6470000', provided value was '\(t.toString(ConversionContext()))'.",
                                           id: "MaximumDurationExceeded", category: .invalidArgument,
                                           exception: "System.Management.Automation.PSArgumentException"))
            }
            seconds = Double(t.ticks) / 1e7
        }
        context.clock.advance(seconds: max(0, seconds))
    }
}

final class GetRandom: NativeCommand {
    private var pool: [Value] = []

    /// An operand as a number: strings read as number literals ('1kb', '20.').
    private func operand(_ v: Value) throws -> Value {
        switch v.normalized {
        case .string(let s): return try Convert.toNumber(.string(s), call.position)
        case .decimal(let d): return .double(d.doubleValue)
        case let n: return try Convert.toNumber(n, call.position)
        }
    }

    override func beginProcessing() throws {
        if let seed = try int("SetSeed") { context.random = SeededRandom(seed: UInt64(bitPattern: Int64(seed))) }
    }

    override func processRecord(_ input: Value?) throws {
        if let v = param("InputObject") {
            // Each piped object arrives as a one-element object[] (the parameter's type).
            pool += v.asObject?.enumerate() ?? [v]
        }
    }

    override func endProcessing() throws {
        if isBound("InputObject") || switchOn("Shuffle") {
            var items = pool
            let count = switchOn("Shuffle") ? items.count : (try int("Count") ?? 1)
            var picked: [Value] = []
            while picked.count < count && !items.isEmpty {
                let i = Int(context.random.next() % UInt64(items.count))
                picked.append(items.remove(at: i))
            }
            for v in picked { try writeObject(v) }
            return
        }
        let count = try int("Count") ?? 1
        // GetRandomCommand.cs: the numbers' kind follows the operands' types (strings parsed
        // as number literals): both Int32 (or absent) gives Int32, Int32/Int64 gives Int64,
        // anything else Double.
        let maxV = try param("Maximum").map { try operand($0) }, minV = try param("Minimum").map { try operand($0) }
        func isInt(_ v: Value?) -> Bool { if let v, case .int = v { return true }; return v == nil }
        func isLong(_ v: Value?) -> Bool { if let v, case .long = v { return true }; return isInt(v) }
        func refuse(_ lo: String, _ hi: String) throws -> Never {
            try throwTerminating(error("The Minimum value (\(lo)) cannot be greater than or equal to the Maximum value (\(hi)).",
                                       id: "MinGreaterThanOrEqualMax", category: .invalidArgument,
                                       exception: "System.ArgumentException"))
        }
        for _ in 0..<count {
            if isLong(maxV) && isLong(minV) {
                let lo = try minV.map { try Convert.toInt64($0, call.position) } ?? 0
                let hi = try maxV.map { try Convert.toInt64($0, call.position) } ?? (isInt(maxV) && isInt(minV) ? Int64(Int32.max) : Int64.max)
                if hi <= lo { try refuse("\(lo)", "\(hi)") }
                let r = lo + Int64(bitPattern: context.random.next() % UInt64(bitPattern: hi &- lo))
                try writeObject(isInt(maxV) && isInt(minV) ? .int(Int32(truncatingIfNeeded: r)) : .long(r))
                continue
            }
            let lo = try minV.map { try Convert.toDouble($0, call.position) } ?? 0
            let hi = try maxV.map { try Convert.toDouble($0, call.position) } ?? Double.greatestFiniteMagnitude
            if hi <= lo { try refuse(NumberFormatting.double(lo), NumberFormatting.double(hi)) }
            try writeObject(.double(lo + (hi - lo) * context.random.nextDouble()))
        }
    }
}

/// ISO 8601 weeks (`-UFormat %V %G`): weeks start on Monday; week 1 holds the year's
/// first Thursday.
enum ISOWeek {
    static func week(_ d: PSDateTime) -> Int {
        let p = d.parts
        let weekday = p.dayOfWeek == 0 ? 7 : p.dayOfWeek
        let w = (p.dayOfYear - weekday + 10) / 7
        if w < 1 { return weeksIn(p.year - 1) }
        if w > weeksIn(p.year) { return 1 }
        return w
    }

    static func year(_ d: PSDateTime) -> Int {
        let p = d.parts
        let w = (p.dayOfYear - (p.dayOfWeek == 0 ? 7 : p.dayOfWeek) + 10) / 7
        if w < 1 { return p.year - 1 }
        if w > weeksIn(p.year) { return p.year + 1 }
        return p.year
    }

    static func weeksIn(_ year: Int) -> Int {
        func jan1Weekday(_ y: Int) -> Int { PSDateTime.parts(PSDateTime.ticks(year: y, month: 1, day: 1)).dayOfWeek }
        let j = jan1Weekday(year)
        let leap = PSDateTime.isLeap(year)
        return (j == 4 || (leap && j == 3)) ? 53 : 52
    }
}
