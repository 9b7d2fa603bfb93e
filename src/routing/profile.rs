//! The fire-appliance speed profile: which OSM ways are roads an appliance drives on, at what
//! speed, in which direction, and how much slower at rush hour. Stored in the project under
//! [`SettingKey::RoadSpeeds`](crate::store::SettingKey::RoadSpeeds) and editable there.
//!
//! ## Default speeds and their reasoning
//! Chinese urban road classes have design speeds set by CJJ 37-2012 城市道路工程设计规范 §3.1
//! (快速路 60–100, 主干路 40–60, 次干路 30–50, 支路 20–40 km/h) and highways by JTG B01-2014
//! 公路工程技术标准 (高速公路 80–120 km/h). OSM China maps 快速路/国道 to `trunk`, 主干路/省道 to
//! `primary`, 次干路/县道 to `secondary`, 支路/乡道 to `tertiary`. A loaded appliance (10–25 t)
//! accelerates slowly and slows at every junction even under siren, so each class gets a speed at
//! or just above the **lower end** of its design range; links get about 60 % of their parent. A
//! typical urban call mixing primary, secondary and residential streets then averages about
//! 30 km/h, the figure the explanatory notes of 建标152-2017 城市消防站建设标准 assume (4 minutes
//! of driving ≈ 2 km). Motorway 80 km/h: heavy goods vehicles are capped at 100 km/h on
//! expressways (道路交通安全法实施条例 第七十八条) and appliances are governed lower.
//! `track` is off by default: unpaved field tracks rarely take an appliance; set a speed to use them.
//!
//! ## Peak hours
//! `factor(class, hour) = 1 + (peak_factor(class) − 1) × hourly[hour]`, a multiplier on travel
//! time. AMap's annual 中国主要城市交通分析报告 puts rush-hour congestion delay indices (travel time ÷
//! free-flow time) of large Chinese cities at roughly 1.5–2.0 for general traffic, worst on
//! arterials, with peaks at 07–09 and 17–19. Appliances under siren recover part of that delay, so
//! the defaults are 1.5–1.6 on arterials and 1.1–1.2 on local streets, with the hourly shape below.
//! These are planning assumptions, not measurements: replace them with local data when you have it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An OSM `highway=*` class an appliance may drive on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoadClass {
    Motorway,
    MotorwayLink,
    Trunk,
    TrunkLink,
    Primary,
    PrimaryLink,
    Secondary,
    SecondaryLink,
    Tertiary,
    TertiaryLink,
    Unclassified,
    Residential,
    LivingStreet,
    Service,
    Road,
    Track,
}

impl RoadClass {
    pub const ALL: [RoadClass; 16] = [
        RoadClass::Motorway,
        RoadClass::MotorwayLink,
        RoadClass::Trunk,
        RoadClass::TrunkLink,
        RoadClass::Primary,
        RoadClass::PrimaryLink,
        RoadClass::Secondary,
        RoadClass::SecondaryLink,
        RoadClass::Tertiary,
        RoadClass::TertiaryLink,
        RoadClass::Unclassified,
        RoadClass::Residential,
        RoadClass::LivingStreet,
        RoadClass::Service,
        RoadClass::Road,
        RoadClass::Track,
    ];

    /// The OSM `highway` value.
    pub fn osm(self) -> &'static str {
        match self {
            RoadClass::Motorway => "motorway",
            RoadClass::MotorwayLink => "motorway_link",
            RoadClass::Trunk => "trunk",
            RoadClass::TrunkLink => "trunk_link",
            RoadClass::Primary => "primary",
            RoadClass::PrimaryLink => "primary_link",
            RoadClass::Secondary => "secondary",
            RoadClass::SecondaryLink => "secondary_link",
            RoadClass::Tertiary => "tertiary",
            RoadClass::TertiaryLink => "tertiary_link",
            RoadClass::Unclassified => "unclassified",
            RoadClass::Residential => "residential",
            RoadClass::LivingStreet => "living_street",
            RoadClass::Service => "service",
            RoadClass::Road => "road",
            RoadClass::Track => "track",
        }
    }

    /// The class for an OSM `highway` value; `None` for footways, paths, construction …
    pub fn from_osm(value: &str) -> Option<RoadClass> {
        RoadClass::ALL.into_iter().find(|c| c.osm() == value)
    }

    /// Chinese label (the class names used by Chinese road standards where they match).
    pub fn zh(self) -> &'static str {
        match self {
            RoadClass::Motorway => "高速公路",
            RoadClass::MotorwayLink => "高速匝道",
            RoadClass::Trunk => "快速路/国道",
            RoadClass::TrunkLink => "快速路匝道",
            RoadClass::Primary => "主干路/省道",
            RoadClass::PrimaryLink => "主干路连接道",
            RoadClass::Secondary => "次干路/县道",
            RoadClass::SecondaryLink => "次干路连接道",
            RoadClass::Tertiary => "支路/乡道",
            RoadClass::TertiaryLink => "支路连接道",
            RoadClass::Unclassified => "村道/其他道路",
            RoadClass::Residential => "居住区道路",
            RoadClass::LivingStreet => "生活街道",
            RoadClass::Service => "内部道路",
            RoadClass::Road => "未分类道路",
            RoadClass::Track => "机耕路",
        }
    }

    /// A compact code for the cached graph.
    pub(crate) fn code(self) -> u8 {
        RoadClass::ALL.iter().position(|c| *c == self).map_or(0, |i| i as u8)
    }

    pub(crate) fn from_code(code: u8) -> Option<RoadClass> {
        RoadClass::ALL.get(usize::from(code)).copied()
    }
}

/// Which way traffic may use a way, relative to the order of its nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Both,
    Forward,
    Backward,
}

impl Direction {
    pub fn forward(self) -> bool {
        matches!(self, Direction::Both | Direction::Forward)
    }

    pub fn backward(self) -> bool {
        matches!(self, Direction::Both | Direction::Backward)
    }

    pub fn reversed(self) -> Direction {
        match self {
            Direction::Both => Direction::Both,
            Direction::Forward => Direction::Backward,
            Direction::Backward => Direction::Forward,
        }
    }
}

/// What the profile keeps of a way's tags.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WayAttrs {
    pub class: RoadClass,
    pub direction: Direction,
    /// `maxspeed` in km/h when tagged with a number.
    pub maxspeed_kmh: Option<f32>,
}

/// Access values that close a way to appliances (`access=no/private`, and land-use-only roads).
const DENIED: [&str; 5] = ["no", "private", "agricultural", "forestry", "military"];

/// Classifies a way by its tags; `None` when it is not a road an appliance may use (footway,
/// `access=no`, `area=yes`, reversible lanes whose direction changes by the hour …).
///
/// Access: the most specific of `emergency`, `motor_vehicle`, `vehicle`, `access` that is tagged
/// decides. One-way: `oneway=yes/true/1/-1/reverse`, implied by `junction=roundabout/circular`
/// and `highway=motorway`; `oneway:emergency=no` makes a one-way street two-way for appliances.
pub fn classify<'a>(tags: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<WayAttrs> {
    let mut highway = None;
    let mut oneway = None;
    let mut oneway_emergency = None;
    let mut junction = None;
    let mut maxspeed = None;
    let mut area = false;
    // emergency, motor_vehicle, vehicle, access: most specific first.
    let mut access: [Option<&str>; 4] = [None; 4];
    for (k, v) in tags {
        match k {
            "highway" => highway = Some(v),
            "oneway" => oneway = Some(v),
            "oneway:emergency" => oneway_emergency = Some(v),
            "junction" => junction = Some(v),
            "maxspeed" => maxspeed = Some(v),
            "area" => area = v == "yes",
            "emergency" => access[0] = Some(v),
            "motor_vehicle" => access[1] = Some(v),
            "vehicle" => access[2] = Some(v),
            "access" => access[3] = Some(v),
            _ => {}
        }
    }
    let class = RoadClass::from_osm(highway?)?;
    if area {
        return None;
    }
    if let Some(rule) = access.iter().flatten().next()
        && DENIED.contains(rule)
    {
        return None;
    }
    let implied = matches!(junction, Some("roundabout" | "circular")) || class == RoadClass::Motorway;
    let mut direction = match oneway {
        Some("yes" | "true" | "1") => Direction::Forward,
        Some("-1" | "reverse") => Direction::Backward,
        Some("reversible" | "alternating") => return None,
        Some("no" | "false" | "0") => Direction::Both,
        _ if implied => Direction::Forward,
        _ => Direction::Both,
    };
    if matches!(oneway_emergency, Some("no" | "false" | "0")) {
        direction = Direction::Both;
    }
    Some(WayAttrs { class, direction, maxspeed_kmh: maxspeed.and_then(parse_maxspeed) })
}

/// `maxspeed` in km/h: "50", "50 km/h", "30 mph", "walk"; `None` for "none", "signals", zone codes.
pub fn parse_maxspeed(v: &str) -> Option<f32> {
    let v = v.split(';').next().unwrap_or("").trim();
    if v == "walk" {
        // OSM: "walking pace", mostly living streets; 7 km/h is the value OSM wiki suggests for DE.
        return Some(7.0);
    }
    let (num, mph) = match v.strip_suffix("mph") {
        Some(n) => (n.trim(), true),
        None => (v.trim_end_matches("km/h").trim_end_matches("kmh").trim_end_matches("kph").trim(), false),
    };
    let n: f32 = num.parse().ok()?;
    if !(n.is_finite() && n > 0.0) {
        return None;
    }
    Some(if mph { n * 1.609_344 } else { n })
}

/// A time of day, for the peak-hour factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TimeOfDay {
    /// Minutes after midnight, 0..1440.
    pub minutes: u16,
}

impl TimeOfDay {
    pub fn hm(h: u16, m: u16) -> Self {
        Self { minutes: (h * 60 + m) % 1440 }
    }
}

impl std::str::FromStr for TimeOfDay {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("\"{s}\" is not a time of day (expected HH:MM, e.g. 08:00)");
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if h > 23 || m > 59 {
            return Err(bad());
        }
        Ok(Self::hm(h, m))
    }
}

impl std::fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.minutes / 60, self.minutes % 60)
    }
}

/// The speed profile, stored as the `road_speeds` setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpeedProfile {
    /// Free-flow appliance speed per class, km/h; 0 or absent = not driven on.
    pub speeds_kmh: BTreeMap<RoadClass, f64>,
    /// Travel-time multiplier per class at the height of the rush hour (≥ 1).
    pub peak_factor: BTreeMap<RoadClass, f64>,
    /// Share (0..1) of the peak slow-down in force at each hour 00..23, interpolated between hours.
    pub hourly: Vec<f64>,
    /// Speed of the last stretch between a road and a place off it (crews on foot with equipment,
    /// or unmapped yards and driveways at a crawl): 5 km/h, an ordinary walking pace.
    pub approach_kmh: f64,
    /// Places farther than this from every drivable road are not reachable by road.
    pub max_snap_m: f64,
    /// Use `maxspeed` where it is below the class speed (speed limits mark narrow or busy roads
    /// even though 道路交通安全法 第五十三条 lets an appliance on call exceed them).
    pub respect_maxspeed: bool,
    /// Honour one-way streets. 第五十三条 also lets an appliance on call drive against the flow;
    /// planning should not count on it, so this is on by default.
    pub honour_oneway: bool,
}

impl Default for SpeedProfile {
    fn default() -> Self {
        use RoadClass as C;
        let speeds = [
            (C::Motorway, 80.0),
            (C::MotorwayLink, 45.0),
            (C::Trunk, 60.0),
            (C::TrunkLink, 35.0),
            (C::Primary, 45.0),
            (C::PrimaryLink, 30.0),
            (C::Secondary, 35.0),
            (C::SecondaryLink, 25.0),
            (C::Tertiary, 30.0),
            (C::TertiaryLink, 20.0),
            (C::Unclassified, 25.0),
            (C::Residential, 20.0),
            (C::LivingStreet, 10.0),
            (C::Service, 10.0),
            (C::Road, 20.0),
            (C::Track, 0.0),
        ];
        let peak = [
            (C::Motorway, 1.3),
            (C::MotorwayLink, 1.3),
            (C::Trunk, 1.5),
            (C::TrunkLink, 1.5),
            (C::Primary, 1.6),
            (C::PrimaryLink, 1.6),
            (C::Secondary, 1.5),
            (C::SecondaryLink, 1.5),
            (C::Tertiary, 1.4),
            (C::TertiaryLink, 1.4),
            (C::Unclassified, 1.2),
            (C::Residential, 1.2),
            (C::LivingStreet, 1.1),
            (C::Service, 1.1),
            (C::Road, 1.3),
            (C::Track, 1.0),
        ];
        // Two peaks (07–09, 17–19), a busy daytime, a free night.
        let hourly = vec![
            0.0, 0.0, 0.0, 0.0, 0.0, 0.05, 0.3, 0.8, 1.0, 0.7, 0.45, 0.45, 0.5, 0.45, 0.45, 0.5, 0.65, 1.0, 0.9, 0.6,
            0.35, 0.2, 0.1, 0.05,
        ];
        Self {
            speeds_kmh: speeds.into_iter().collect(),
            peak_factor: peak.into_iter().collect(),
            hourly,
            approach_kmh: 5.0,
            max_snap_m: 500.0,
            respect_maxspeed: true,
            honour_oneway: true,
        }
    }
}

impl SpeedProfile {
    /// Free-flow speed of a class, km/h (0 = not driven on).
    pub fn class_speed(&self, class: RoadClass) -> f64 {
        self.speeds_kmh.get(&class).copied().filter(|s| s.is_finite() && *s > 0.0).unwrap_or(0.0)
    }

    /// True when the profile drives on this class.
    pub fn drives_on(&self, class: RoadClass) -> bool {
        self.class_speed(class) > 0.0
    }

    /// Speed on one way: the class speed, lowered to `maxspeed` when that is lower.
    pub fn way_speed(&self, class: RoadClass, maxspeed_kmh: Option<f32>) -> f64 {
        let base = self.class_speed(class);
        match maxspeed_kmh {
            Some(m) if self.respect_maxspeed && f64::from(m) > 0.0 => base.min(f64::from(m)),
            _ => base,
        }
    }

    /// Travel-time multiplier for a class at a time of day; 1 when `at` is `None` (free flow).
    pub fn time_factor(&self, class: RoadClass, at: Option<TimeOfDay>) -> f64 {
        let Some(at) = at else { return 1.0 };
        let peak = self.peak_factor.get(&class).copied().filter(|f| f.is_finite() && *f >= 1.0).unwrap_or(1.0);
        let n = self.hourly.len();
        if n == 0 {
            return 1.0;
        }
        let h = f64::from(at.minutes) / 60.0;
        let i = h.floor() as usize % n;
        let frac = h - h.floor();
        let share = |i: usize| self.hourly.get(i % n).copied().unwrap_or(0.0).clamp(0.0, 1.0);
        let s = share(i) * (1.0 - frac) + share(i + 1) * frac;
        1.0 + (peak - 1.0) * s
    }

    /// Approach speed in m/s.
    pub fn approach_mps(&self) -> f64 {
        if self.approach_kmh.is_finite() && self.approach_kmh > 0.0 { self.approach_kmh / 3.6 } else { 5.0 / 3.6 }
    }

    /// Snap radius in metres.
    pub fn snap_radius_m(&self) -> f64 {
        if self.max_snap_m.is_finite() && self.max_snap_m > 0.0 { self.max_snap_m } else { 500.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&'static str, &'static str)]) -> Option<WayAttrs> {
        classify(pairs.iter().copied())
    }

    #[test]
    fn roads_and_non_roads() {
        assert_eq!(tags(&[("highway", "residential")]).map(|a| a.class), Some(RoadClass::Residential));
        assert!(tags(&[("highway", "footway")]).is_none());
        assert!(tags(&[("building", "yes")]).is_none());
        assert!(tags(&[("highway", "service"), ("area", "yes")]).is_none());
    }

    #[test]
    fn access_most_specific_tag_wins() {
        assert!(tags(&[("highway", "service"), ("access", "private")]).is_none());
        assert!(tags(&[("highway", "service"), ("access", "no")]).is_none());
        assert!(tags(&[("highway", "service"), ("access", "no"), ("emergency", "yes")]).is_some());
        assert!(tags(&[("highway", "service"), ("access", "no"), ("motor_vehicle", "yes")]).is_some());
        assert!(tags(&[("highway", "primary"), ("motor_vehicle", "no")]).is_none());
        assert!(tags(&[("highway", "primary"), ("access", "destination")]).is_some());
    }

    #[test]
    fn oneway_rules() {
        let d = |p: &[(&'static str, &'static str)]| tags(p).map(|a| a.direction);
        assert_eq!(d(&[("highway", "primary"), ("oneway", "yes")]), Some(Direction::Forward));
        assert_eq!(d(&[("highway", "primary"), ("oneway", "-1")]), Some(Direction::Backward));
        assert_eq!(d(&[("highway", "primary")]), Some(Direction::Both));
        assert_eq!(d(&[("highway", "primary"), ("junction", "roundabout")]), Some(Direction::Forward));
        assert_eq!(d(&[("highway", "motorway")]), Some(Direction::Forward));
        assert_eq!(d(&[("highway", "motorway"), ("oneway", "no")]), Some(Direction::Both));
        assert_eq!(d(&[("highway", "primary"), ("oneway", "yes"), ("oneway:emergency", "no")]), Some(Direction::Both));
        assert_eq!(d(&[("highway", "primary"), ("oneway", "reversible")]), None);
    }

    #[test]
    fn maxspeed_forms() {
        assert_eq!(parse_maxspeed("50"), Some(50.0));
        assert_eq!(parse_maxspeed("60 km/h"), Some(60.0));
        assert!((parse_maxspeed("30 mph").unwrap() - 48.28).abs() < 0.01);
        assert_eq!(parse_maxspeed("none"), None);
        assert_eq!(parse_maxspeed("CN:urban"), None);
        assert_eq!(parse_maxspeed("40;60"), Some(40.0));
        assert_eq!(parse_maxspeed("-5"), None);
    }

    #[test]
    fn maxspeed_only_lowers() {
        let p = SpeedProfile::default();
        assert_eq!(p.way_speed(RoadClass::Primary, Some(30.0)), 30.0);
        assert_eq!(p.way_speed(RoadClass::Primary, Some(120.0)), 45.0);
        assert_eq!(p.way_speed(RoadClass::Primary, None), 45.0);
        assert!(!p.drives_on(RoadClass::Track));
    }

    #[test]
    fn rush_hour_is_slower_than_night() {
        let p = SpeedProfile::default();
        let night = p.time_factor(RoadClass::Primary, Some(TimeOfDay::hm(3, 0)));
        let peak = p.time_factor(RoadClass::Primary, Some(TimeOfDay::hm(8, 0)));
        assert_eq!(night, 1.0);
        assert!((peak - 1.6).abs() < 1e-9);
        let half = p.time_factor(RoadClass::Primary, Some(TimeOfDay::hm(7, 30)));
        assert!(night < half && half < peak);
        assert_eq!(p.time_factor(RoadClass::Primary, None), 1.0);
        assert_eq!("08:05".parse::<TimeOfDay>().unwrap().to_string(), "08:05");
        assert!("25:00".parse::<TimeOfDay>().is_err());
    }

    #[test]
    fn profile_round_trips_through_json_and_tolerates_missing_fields() {
        let p = SpeedProfile::default();
        let s = serde_json::to_string(&p).unwrap();
        assert!(s.contains("\"living_street\""));
        assert_eq!(serde_json::from_str::<SpeedProfile>(&s).unwrap(), p);
        let partial: SpeedProfile = serde_json::from_str(r#"{"approach_kmh": 10}"#).unwrap();
        assert_eq!(partial.approach_kmh, 10.0);
        assert_eq!(partial.class_speed(RoadClass::Primary), 45.0);
    }
}
