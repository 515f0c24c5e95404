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
            ParameterInfo(name: "Format", type: .string),
            ParameterInfo(name: "UFormat", type: .string),
            ParameterInfo(name: "AsUTC", isSwitch: true),
        ], make: { GetDate($0, $1) }),
        CmdletInfo("New-TimeSpan", [
            ParameterInfo(name: "Start", type: .datetime, aliases: ["LastWriteTime"], position: 0, set: "Date"),
            ParameterInfo(name: "End", type: .datetime, position: 1, set: "Date"),
            ParameterInfo(name: "Days", type: .int, set: "Time"), ParameterInfo(name: "Hours", type: .int, set: "Time"),
            ParameterInfo(name: "Minutes", type: .int, set: "Time"), ParameterInfo(name: "Seconds", type: .int, set: "Time"),
            ParameterInfo(name: "Milliseconds", type: .int, set: "Time"),
        ], defaultSet: "Date", make: { NewTimeSpan($0, $1) }),
        CmdletInfo("Start-Sleep", [
            ParameterInfo(name: "Seconds", type: .double, position: 0, mandatory: true, set: "Seconds"),
            ParameterInfo(name: "Milliseconds", type: .int, aliases: ["ms"], mandatory: true, set: "Milliseconds"),
            ParameterInfo(name: "Duration", type: .timespan, aliases: ["ts"], mandatory: true, set: "FromTimeSpan"),
        ], defaultSet: "Seconds", make: { StartSleep($0, $1) }),
        CmdletInfo("Get-Random", [
            ParameterInfo(name: "SetSeed", type: .int),
            ParameterInfo(name: "Maximum", position: 0, set: "RandomNumberParameterSet"),
            ParameterInfo(name: "Minimum", set: "RandomNumberParameterSet"),
            ParameterInfo(name: "InputObject", type: .objectArray, position: 0, mandatory: true, fromPipeline: true,
                          set: "RandomListItemParameterSet"),
            ParameterInfo(name: "Shuffle", mandatory: true, set: "ShuffleParameterSet", isSwitch: true),
            ParameterInfo(name: "Count", type: .int),
        ], defaultSet: "RandomNumberParameterSet", chooseSet: { args in
            args.contains { $0.parameterName == nil && $0.value.map { v in
                if case .object(let o) = v, o.isEnumerable { return true }
                return false
            } ?? false } ? "RandomListItemParameterSet" : nil
        }, make: { GetRandom($0, $1) }),
    ]
}

final class GetDate: NativeCommand {
    override func processRecord(_ input: Value?) throws {
        var ticks = context.clock.now
        if case .object(let d as PSDateTime)? = param("Date") { ticks = d.ticks }
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
        let date = PSDateTime(ticks: t + p.fraction % 10_000)
        if let f = string("Format") {
            try writeObject(.string(DateFormatting.format(date, f)))
        } else if let u = string("UFormat") {
            try writeObject(.string(Self.uformat(date, u)))
        } else {
            try writeObject(.object(date))
        }
    }

    /// `-UFormat`: the Unix `date` specifiers pwsh supports.
    static func uformat(_ d: PSDateTime, _ format: String) -> String {
        var out = ""
        var chars = format.makeIterator()
        let p = d.parts
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        while let c = chars.next() {
            guard c == "%", let f = chars.next() else { out.append(c); continue }
            switch f {
            case "Y": out += String(p.year)
            case "y": out += two(p.year % 100)
            case "m": out += two(p.month)
            case "d": out += two(p.day)
            case "e": out += (p.day < 10 ? " " : "") + String(p.day)
            case "H": out += two(p.hour)
            case "I": out += two(p.hour % 12 == 0 ? 12 : p.hour % 12)
            case "M": out += two(p.minute)
            case "S": out += two(p.second)
            case "p": out += p.hour < 12 ? "AM" : "PM"
            case "A": out += DateFormatting.days[p.dayOfWeek]
            case "a": out += String(DateFormatting.days[p.dayOfWeek].prefix(3))
            case "B": out += DateFormatting.months[p.month - 1]
            case "b", "h": out += String(DateFormatting.months[p.month - 1].prefix(3))
            case "j": out += String(format3(p.dayOfYear))
            case "u": out += String(p.dayOfWeek == 0 ? 7 : p.dayOfWeek)
            case "w": out += String(p.dayOfWeek)
            case "D": out += two(p.month) + "/" + two(p.day) + "/" + two(p.year % 100)
            case "F": out += String(p.year) + "-" + two(p.month) + "-" + two(p.day)
            case "T", "X": out += two(p.hour) + ":" + two(p.minute) + ":" + two(p.second)
            case "R": out += two(p.hour) + ":" + two(p.minute)
            case "s": out += String((d.ticks - PSDateTime.ticks(year: 1970, month: 1, day: 1)) / PSDateTime.ticksPerSecond)
            case "n": out += "\n"
            case "t": out += "\t"
            case "%": out += "%"
            default: out.append(f)
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
        if case .object(let t as PSTimeSpan)? = param("Duration") { seconds = Double(t.ticks) / 1e7 }
        context.clock.advance(seconds: max(0, seconds))
    }
}

final class GetRandom: NativeCommand {
    private var pool: [Value] = []

    override func beginProcessing() throws {
        if let seed = try int("SetSeed") { context.random = SeededRandom(seed: UInt64(bitPattern: Int64(seed))) }
    }

    override func processRecord(_ input: Value?) throws {
        if let v = param("InputObject") {
            if input != nil { pool.append(v) } else { pool += v.asObject?.enumerate() ?? [v] }
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
        let maxV = param("Maximum"), minV = param("Minimum")
        let useDouble = [maxV, minV].contains { v in
            guard let v else { return false }
            if case .double = v.normalized { return true }
            return false
        }
        for _ in 0..<count {
            if useDouble {
                let lo = try minV.map { try Convert.toDouble($0, call.position) } ?? 0
                let hi = try maxV.map { try Convert.toDouble($0, call.position) } ?? Double(Int32.max)
                try writeObject(.double(lo + (hi - lo) * context.random.nextDouble()))
                continue
            }
            let lo = try minV.map { try Convert.toInt64($0, call.position) } ?? 0
            let hi = try maxV.map { try Convert.toInt64($0, call.position) } ?? Int64(Int32.max)
            guard hi > lo else {
                try throwTerminating(error("The Minimum value (\(lo)) cannot be greater than or equal to the Maximum value (\(hi)).",
                                           id: "MinGreaterThanOrEqualMax", category: .invalidArgument,
                                           exception: "System.ArgumentException"))
            }
            let r = lo + Int64(context.random.next() % UInt64(hi - lo))
            try writeObject(r >= Int64(Int32.min) && r <= Int64(Int32.max) ? .int(Int32(r)) : .long(r))
        }
    }
}
