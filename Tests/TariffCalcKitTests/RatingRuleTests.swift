import Testing
@testable import TariffCalcKit

/// Rules R6–R16: how one record is classified and priced. Every amount is worked out by hand from SPEC.
///
/// Numbers used: subscribers 138…; peers `02787654321` (Wuhan fixed, area 027), `01012345678`
/// (Beijing fixed, 010), `13912345678` (CMCC, no area), `13012345678` (CUCC, no area), `13907101234`
/// (CMCC H-code 1390710 → area 0710). Month 2004-03 (31 days); subscribers active all month
/// unless said, so the rental lines are whole.
@Suite struct RatingRuleTests {
  static let a = "13800000001"
  static func sub(_ plan: String, _ number: String = a, start: String = "2004-01-01", home: String = "027",
                  group: String = "") -> String {
    "\(number),\(plan),\(start),,\(home),\(group)"
  }

  // MARK: R6 peer lookup

  /// R6: `17951` on a voice MO call is stripped; the rest is looked up. An IP call to Beijing from Wuhan:
  /// base 125 s → 3 min × 0.40 = 1.20 (standard); IP long distance 3 min × 0.30 = 0.90 (R15).
  @Test func ipPrefixIsStrippedOnVoiceMO() throws {
    let s = try Scenario(subscribers: [Self.sub("standard")],
                         cdrs: ["VOICE,\(Self.a),MO,1795101012345678,2004-03-15 10:00:00,125,027,WC0001"], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 120)
    #expect(s.fen(Self.a, .longDistance) == 90)
    #expect(s.rejects.isEmpty)
  }

  /// R6: `17951` means nothing on an MT call: `1795101012345678` matches no prefix → UNKNOWN_PEER.
  @Test func ipPrefixMeansNothingOnMT() throws {
    let s = try Scenario(subscribers: [Self.sub("standard")],
                         cdrs: ["VOICE,\(Self.a),MT,1795101012345678,2004-03-15 10:00:00,125,027,"], month: "2004-03")
    #expect(s.rejects.map(\.reason) == [.unknownPeer])
  }

  /// R6: a peer no prefix matches is rejected, SMS included.
  @Test func unknownPeerIsRejected() throws {
    let s = try Scenario(subscribers: [Self.sub("standard")], cdrs: [
      "VOICE,\(Self.a),MO,99912345,2004-03-15 10:00:00,60,027,",
      "SMS,\(Self.a),MO,10086,2004-03-15 10:00:00,,027,",
    ], month: "2004-03")
    #expect(s.rejects.map(\.reason) == [.unknownPeer, .unknownPeer])
    #expect(s.rejects[0].detail == "peer '99912345' matches no prefix of the numbering plan")
  }

  /// R6 longest prefix: `13907101234` is the H-code 1390710 (area 0710), long distance from 027;
  /// `13912345678` has no area, never long distance. gotone: 60 s → 1 min × 0.36 = 0.36 each;
  /// LD on the first only: 60 s → 10 × 0.07 = 0.70.
  @Test func longestPrefixGivesTheHCodeArea() throws {
    let s = try Scenario(subscribers: [Self.sub("gotone")], cdrs: [
      "VOICE,\(Self.a),MO,13907101234,2004-03-15 10:00:00,60,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 11:00:00,60,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 72)  // 0.36 + 0.36
    #expect(s.fen(Self.a, .longDistance) == 70)  // 10 × 0.07
  }

  // MARK: R7 roaming

  /// R7: home 027; in 0710 (Hubei) provincial, in 010 national. huanghe: provincial always open,
  /// national only in holiday windows (R16): 2004-03-15 is in none → ROAMING_CLOSED.
  /// Provincial MO 60 s: roaming 1 min × 0.60 = 0.60 (from standard).
  @Test func provincialAndNationalRoaming() throws {
    let s = try Scenario(subscribers: [Self.sub("huanghe")], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 10:00:00,60,0710,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 11:00:00,60,010,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .roaming) == 60)
    #expect(s.rejects.map(\.reason) == [.roamingClosed])
    #expect(s.rejects[0].detail == "national roaming on huanghe is closed on 2004-03-15")
    #expect(s.rejects[0].line == 3)
  }

  // MARK: R8 long distance

  /// R8: MO to another area is long distance; a local MT never is; a roaming MT is when the peer's
  /// area differs from where the subscriber is. gotone, all 60 s (1 min):
  /// 1. MO in 027 to 010 fixed: base 0.36 + LD 10 × 0.07 = 0.70.
  /// 2. MT in 027 from 010 fixed: base 0.36, no LD.
  /// 3. MT roaming in 010 from 027 fixed: roaming 0.60 + LD 0.70.
  /// 4. MT roaming in 010 from 010 fixed: roaming 0.60, no LD.
  /// 5. MT roaming in 010 from a mobile with no area: roaming 0.60, no LD.
  @Test func longDistanceByDirection() throws {
    let s = try Scenario(subscribers: [Self.sub("gotone")], cdrs: [
      "VOICE,\(Self.a),MO,01012345678,2004-03-15 10:00:00,60,027,",
      "VOICE,\(Self.a),MT,01012345678,2004-03-15 10:10:00,60,027,",
      "VOICE,\(Self.a),MT,02787654321,2004-03-15 10:20:00,60,010,",
      "VOICE,\(Self.a),MT,01012345678,2004-03-15 10:30:00,60,010,",
      "VOICE,\(Self.a),MT,13912345678,2004-03-15 10:40:00,60,010,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 72)  // 0.36 × 2
    #expect(s.fen(Self.a, .roaming) == 180)  // 0.60 × 3
    #expect(s.fen(Self.a, .longDistance) == 140)  // 0.70 × 2
    #expect(s.quantity(Self.a, .longDistance) == 2)  // minutes of long-distance calls
  }

  // MARK: R9 zones

  /// R9: xiangqing in a suburbs cell (HP… huangpi, JX… jiangxia) MO 0.20, MT 0.05; elsewhere 0.36;
  /// no cell → no zone. 4 calls of 60 s: 0.20 + 0.05 + 0.36 + 0.36 = 0.97.
  @Test func zoneGroupRates() throws {
    let s = try Scenario(subscribers: [Self.sub("xiangqing")], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 10:00:00,60,027,HP0012",
      "VOICE,\(Self.a),MT,13912345678,2004-03-15 10:10:00,60,027,JX0001",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 10:20:00,60,027,WC0001",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 10:30:00,60,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 97)
  }

  // MARK: R10 closed user group

  /// R10: campus, A and B in group G1, C in G2; B's period ends 03-10.
  /// A→B 03-05 (group MO 0.20), A→C (0.36), A→B 03-20 (B closed: not group, 0.36): 60 s each = 0.92.
  @Test func closedUserGroupNeedsBothOnTheDay() throws {
    let b = "13800000002"
    let c = "13800000003"
    let s = try Scenario(subscribers: [
      Self.sub("campus", start: "2003-09-01", group: "G1"),
      "\(b),campus,2003-09-01,2004-03-10,027,G1",
      Self.sub("campus", c, start: "2003-09-01", group: "G2"),
    ], cdrs: [
      "VOICE,\(Self.a),MO,\(b),2004-03-05 10:00:00,60,027,",
      "VOICE,\(Self.a),MO,\(c),2004-03-05 11:00:00,60,027,",
      "VOICE,\(Self.a),MO,\(b),2004-03-20 10:00:00,60,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 92)
  }

  // MARK: R11 units

  /// R11: whole minutes rounded up; 0.07 per started 6 s. gotone MO to 010, 61 s:
  /// base ceil(61/60) = 2 × 0.36 = 0.72; LD ceil(61/6) = 11 × 0.07 = 0.77.
  /// A 60 s call: 1 min; a 0 s call (unanswered): rated, 0.
  @Test func unitsAreRoundedUp() throws {
    let s = try Scenario(subscribers: [Self.sub("gotone")], cdrs: [
      "VOICE,\(Self.a),MO,01012345678,2004-03-15 10:00:00,61,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 11:00:00,60,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 12:00:00,0,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 108)  // 0.72 + 0.36 + 0
    #expect(s.quantity(Self.a, .local) == 3)  // 2 + 1 + 0 minutes
    #expect(s.fen(Self.a, .longDistance) == 77)
    #expect(s.rejects.isEmpty)
    #expect(s.rated.recordsRated == 3)
  }

  // MARK: R12 time bands

  /// R12: rated wholly in the band it starts in. mzone-youth MO, 10 min each:
  /// 07:59:59 night 0.15; 08:00:00 day 0.40; 18:59:59 day 0.40 (runs into the evening); 19:00:00 night 0.15.
  /// 10 × (0.15 + 0.40 + 0.40 + 0.15) = 11.00.
  @Test func bandOfTheStartTime() throws {
    let s = try Scenario(subscribers: [Self.sub("mzone-youth")], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 07:59:59,600,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 08:00:00,600,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 18:59:59,600,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15T19:00:00,600,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 1100)
  }

  // MARK: R13 SMS

  /// R13: only MO SMS are charged, by the peer's network; roaming does not change the price.
  /// aixin: on-net 0.05, off-net 0.15 (standard). MO on-net + MO off-net + MO on-net while roaming in 0710
  /// + MT (free) = 0.05 + 0.15 + 0.05 = 0.25; 3 messages.
  @Test func sentMessagesOnly() throws {
    let s = try Scenario(subscribers: [Self.sub("aixin")], cdrs: [
      "SMS,\(Self.a),MO,13912345678,2004-03-15 10:00:00,,027,",
      "SMS,\(Self.a),MO,13012345678,2004-03-15 10:01:00,,027,",
      "SMS,\(Self.a),MO,13912345678,2004-03-15 10:02:00,0,0710,",
      "SMS,\(Self.a),MT,13912345678,2004-03-15 10:03:00,,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .sms) == 25)
    #expect(s.quantity(Self.a, .sms) == 3)
    #expect(s.fen(Self.a, .roaming) == 0)
    #expect(s.rated.recordsRated == 4)
  }

  // MARK: R14 base fee

  /// R14: roaming pays the plan's roaming rate for MO and MT alike; at home the local rate for the
  /// direction. chutian-youth 10:00 (day): local MT 0.40; roaming MO 0.80, roaming MT 0.80.
  /// 2 min each: 0.80 local; 3.20 roaming.
  @Test func roamingRateForBothDirections() throws {
    let s = try Scenario(subscribers: [Self.sub("chutian-youth")], cdrs: [
      "VOICE,\(Self.a),MT,13912345678,2004-03-15 10:00:00,120,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 10:10:00,120,0710,",
      "VOICE,\(Self.a),MT,13912345678,2004-03-15 10:20:00,120,010,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 80)
    #expect(s.fen(Self.a, .roaming) == 320)
  }

  // MARK: R15 long-distance fee

  /// R15: free minutes waive the base fee only. mzone-student MO 5 min to 13907101234 (on-net, area
  /// 0710) from 027: base 5 min on-net local → free (20 granted); LD 300 s → 50 × 0.07 = 3.50.
  @Test func freeMinutesNeverWaiveLongDistance() throws {
    let s = try Scenario(subscribers: [Self.sub("mzone-student")], cdrs: [
      "VOICE,\(Self.a),MO,13907101234,2004-03-15 10:00:00,300,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 0)
    #expect(s.quantity(Self.a, .local) == 5)
    #expect(s.fen(Self.a, .longDistance) == 350)
    #expect(s.bills[Self.a]?.allowances.map(\.used) == [0, 5])
  }

  /// R15: IP rates in their own bands. campus IP 20:00–07:00 0.15, else 0.30 (standard); 3 min each
  /// to Beijing: IP 3 × 0.15 + 3 × 0.30 = 1.35; base 3 × 0.36 × 2 = 2.16.
  @Test func ipRateByItsBand() throws {
    let s = try Scenario(subscribers: [Self.sub("campus", start: "2003-09-01")], cdrs: [
      "VOICE,\(Self.a),MO,1795101012345678,2004-03-15 20:00:00,180,027,",
      "VOICE,\(Self.a),MO,1795101012345678,2004-03-15 19:59:00,180,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .longDistance) == 135)
    #expect(s.fen(Self.a, .local) == 216)
  }

  // MARK: R16 not allowed

  /// R16: dalingtong has no roaming (ROAMING_NOT_ALLOWED, SMS too); huangpi-bts works only in huangpi
  /// (OUTSIDE_SERVICE_AREA, also with no cell); huanghe national roaming closed outside its windows.
  @Test func recordsAPlanDoesNotAllow() throws {
    let b = "13800000002"
    let c = "13800000003"
    let s = try Scenario(subscribers: [Self.sub("dalingtong"), Self.sub("huangpi-bts", b), Self.sub("huanghe", c)], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 10:00:00,60,0710,",
      "SMS,\(Self.a),MO,13912345678,2004-03-15 10:00:00,,010,",
      "VOICE,\(b),MO,13912345678,2004-03-15 10:00:00,60,027,WC0001",
      "VOICE,\(b),MO,13912345678,2004-03-15 10:01:00,60,027,",
      "VOICE,\(b),MO,13912345678,2004-03-15 10:02:00,60,027,HP0001",
      "VOICE,\(c),MT,13912345678,2004-03-15 10:00:00,60,020,",
    ], month: "2004-03")
    #expect(s.rejects.map(\.reason) == [.roamingNotAllowed, .roamingNotAllowed, .outsideServiceArea,
                                        .outsideServiceArea, .roamingClosed])
    #expect(s.rejects.map(\.line) == [2, 3, 4, 5, 7])
    #expect(s.rejects[2].detail == "cell 'WC0001' is outside huangpi, where huangpi-bts works")
    #expect(s.fen(b, .local) == 12)  // the one call in huangpi: 1 min × 0.12
  }

  /// R16 and SPEC 5: huangpi-bts “has no roaming (a base-station plan serves only its own cells)”.
  /// Home 027; every record is at cell HP0001 (zone huangpi), so the service-area check passes and
  /// R6a's next check decides: in 0710 (provincial) and in 010 (national), voice and SMS alike →
  /// ROAMING_NOT_ALLOWED. The call at home: 1 min × 0.12 = 0.12; no roaming line.
  @Test func huangpiBTSHasNoRoaming() throws {
    let s = try Scenario(subscribers: [Self.sub("huangpi-bts")], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 10:00:00,60,0710,HP0001",
      "VOICE,\(Self.a),MT,13912345678,2004-03-15 11:00:00,60,010,HP0001",
      "SMS,\(Self.a),MO,13912345678,2004-03-15 12:00:00,,0710,HP0001",
      "VOICE,\(Self.a),MO,13912345678,2004-03-15 13:00:00,60,027,HP0001",
    ], month: "2004-03")
    #expect(s.rejects.map(\.reason) == [.roamingNotAllowed, .roamingNotAllowed, .roamingNotAllowed])
    #expect(s.rejects.map(\.line) == [2, 3, 4])
    #expect(s.rejects[0].detail == "huangpi-bts has no roaming (in 0710, home 027)")
    #expect(s.fen(Self.a, .local) == 12)
    #expect(s.fen(Self.a, .roaming) == 0)
    #expect(s.fen(Self.a, .sms) == 0)
  }

  // MARK: R6a order of reasons

  /// R6a: the first reason that applies, in order MALFORMED, OUTSIDE_PERIOD, UNKNOWN_SUBSCRIBER,
  /// NOT_ACTIVE, UNKNOWN_PEER, OUTSIDE_SERVICE_AREA, ROAMING_*.
  @Test func firstReasonWins() throws {
    let b = "13800000002"
    let s = try Scenario(subscribers: [Self.sub("dalingtong", start: "2004-03-10"), Self.sub("huangpi-bts", b)], cdrs: [
      // unknown subscriber and another month → OUTSIDE_PERIOD
      "VOICE,13999999999,MO,13912345678,2004-04-01 00:00:00,60,027,",
      // unknown subscriber and unknown peer → UNKNOWN_SUBSCRIBER
      "VOICE,13999999999,MO,999,2004-03-15 10:00:00,60,027,",
      // before activation, roaming on a plan with none → NOT_ACTIVE
      "VOICE,\(Self.a),MO,13912345678,2004-03-09 23:59:59,60,010,",
      // unknown peer and roaming not allowed → UNKNOWN_PEER
      "VOICE,\(Self.a),MO,999,2004-03-15 10:00:00,60,010,",
      // outside the service area and roaming → OUTSIDE_SERVICE_AREA
      "VOICE,\(b),MO,13912345678,2004-03-15 10:00:00,60,010,WC0001",
      // a bad duration and everything else → MALFORMED
      "VOICE,13999999999,MO,999,2004-04-01 00:00:00,6x,010,",
    ], month: "2004-03")
    #expect(s.rejects.map(\.reason) == [.outsidePeriod, .unknownSubscriber, .notActive, .unknownPeer,
                                        .outsideServiceArea, .malformed])
  }

  // MARK: R2 billing month

  /// R2: a record belongs to the month of its start, even if it ends in the next.
  /// gotone MO 2004-03-31 23:59:00, 10 min: 10 × 0.36 = 3.60 in March; 2004-04-01 00:00:00 is April.
  @Test func recordBelongsToTheMonthOfItsStart() throws {
    let s = try Scenario(subscribers: [Self.sub("gotone")], cdrs: [
      "VOICE,\(Self.a),MO,13912345678,2004-03-31 23:59:00,600,027,",
      "VOICE,\(Self.a),MO,13912345678,2004-04-01 00:00:00,600,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 360)
    #expect(s.rejects.map(\.reason) == [.outsidePeriod])
  }

  // MARK: R1 rounding

  /// R1: a line is rounded once, at the end. test-bands local MT 0.125/min, three 1-minute calls:
  /// 3 × 0.125 = 0.375 → 0.38 (per call it would be 3 × 0.13 = 0.39).
  @Test func aLineIsRoundedOnce() throws {
    let s = try Scenario(subscribers: [Self.sub("test-bands")], cdrs: [
      "VOICE,\(Self.a),MT,13912345678,2004-03-15 10:00:00,60,027,",
      "VOICE,\(Self.a),MT,13912345678,2004-03-15 11:00:00,60,027,",
      "VOICE,\(Self.a),MT,13912345678,2004-03-15 12:00:00,60,027,",
    ], month: "2004-03")
    #expect(s.fen(Self.a, .local) == 38)
    #expect(s.total(Self.a) == 1038)  // rental 10.00 + 0.38
  }
}
