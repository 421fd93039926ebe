//! NBody: the Jovian planets and the sun under Newtonian gravity, advanced with a
//! fixed time step of 0.01; answers the system's energy after the last step.

use std::hint::black_box;

/// What one run answers: the total energy after the last step.
pub type Answer = f64;

/// How many time steps one run advances.
pub const DEFAULT_SIZE: usize = 5_000;

/// The energy after `DEFAULT_SIZE` steps.
pub const EXPECTED: Answer = -0.16902000037197631;

/// How far an answer may be from `EXPECTED` and still pass.
pub const TOLERANCE: f64 = 1.0e-12;

/// 3.141592653589793, the literal NBody.st uses.
const PI: f64 = std::f64::consts::PI;
const SOLAR_MASS: f64 = 4.0 * PI * PI;
const DAYS_PER_YEAR: f64 = 365.24;
const TIME_STEP: f64 = 0.01;

/// Runs one iteration at the default size.
pub fn run() -> Answer {
    run_with(DEFAULT_SIZE)
}

/// Advances a fresh system `steps` times and answers its energy.
pub fn run_with(steps: usize) -> Answer {
    let mut bodies = initial_system();
    for _ in 0..black_box(steps) {
        advance(&mut bodies, TIME_STEP);
    }
    energy(&bodies)
}

/// True iff `answer` is within `TOLERANCE` of `EXPECTED`.
pub fn verify(answer: &Answer) -> bool {
    (answer - EXPECTED).abs() < TOLERANCE
}

#[derive(Clone, Copy)]
struct Body {
    x: f64,
    y: f64,
    z: f64,
    vx: f64,
    vy: f64,
    vz: f64,
    mass: f64,
}

impl Body {
    /// A body from positions, velocities in units per day and mass in solar masses.
    fn new(position: [f64; 3], velocity_per_day: [f64; 3], solar_masses: f64) -> Body {
        Body {
            x: position[0],
            y: position[1],
            z: position[2],
            vx: velocity_per_day[0] * DAYS_PER_YEAR,
            vy: velocity_per_day[1] * DAYS_PER_YEAR,
            vz: velocity_per_day[2] * DAYS_PER_YEAR,
            mass: solar_masses * SOLAR_MASS,
        }
    }
}

/// Position, velocity per day and mass in solar masses of a planet.
type PlanetData = ([f64; 3], [f64; 3], f64);

#[allow(
    clippy::excessive_precision,
    reason = "the published body data, written digit for digit as in NBody.st so both parse the same decimals"
)]
const PLANETS: [PlanetData; 4] = [
    // Jupiter
    (
        [
            4.84143144246472090e0,
            -1.16032004402742839e0,
            -1.03622044471123109e-1,
        ],
        [
            1.66007664274403694e-3,
            7.69901118419740425e-3,
            -6.90460016972063023e-5,
        ],
        9.54791938424326609e-4,
    ),
    // Saturn
    (
        [
            8.34336671824457987e0,
            4.12479856412430479e0,
            -4.03523417114321381e-1,
        ],
        [
            -2.76742510726862411e-3,
            4.99852801234917238e-3,
            2.30417297573763929e-5,
        ],
        2.85885980666130812e-4,
    ),
    // Uranus
    (
        [
            1.28943695621391310e1,
            -1.51111514016986312e1,
            -2.23307578892655734e-1,
        ],
        [
            2.96460137564761618e-3,
            2.37847173959480950e-3,
            -2.96589568540237556e-5,
        ],
        4.36624404335156298e-5,
    ),
    // Neptune
    (
        [
            1.53796971148509165e1,
            -2.59193146099879641e1,
            1.79258772950371181e-1,
        ],
        [
            2.68067772490389322e-3,
            1.62824170038242295e-3,
            -9.51592254519715870e-5,
        ],
        5.15138902046611451e-5,
    ),
];

fn initial_system() -> [Body; 5] {
    let sun = Body {
        x: 0.0,
        y: 0.0,
        z: 0.0,
        vx: 0.0,
        vy: 0.0,
        vz: 0.0,
        mass: SOLAR_MASS,
    };
    let planet = |(position, velocity, mass): PlanetData| Body::new(position, velocity, mass);
    let mut bodies = [
        sun,
        planet(PLANETS[0]),
        planet(PLANETS[1]),
        planet(PLANETS[2]),
        planet(PLANETS[3]),
    ];
    offset_momentum(&mut bodies);
    bodies
}

/// Gives the sun the momentum that makes the system's total momentum zero.
fn offset_momentum(bodies: &mut [Body; 5]) {
    let (mut px, mut py, mut pz) = (0.0, 0.0, 0.0);
    for body in bodies.iter() {
        px += body.vx * body.mass;
        py += body.vy * body.mass;
        pz += body.vz * body.mass;
    }
    bodies[0].vx = 0.0 - px / SOLAR_MASS;
    bodies[0].vy = 0.0 - py / SOLAR_MASS;
    bodies[0].vz = 0.0 - pz / SOLAR_MASS;
}

fn advance(bodies: &mut [Body; 5], dt: f64) {
    for i in 0..bodies.len() {
        for j in i + 1..bodies.len() {
            let (left, right) = bodies.split_at_mut(j);
            let (a, b) = (&mut left[i], &mut right[0]);
            let dx = a.x - b.x;
            let dy = a.y - b.y;
            let dz = a.z - b.z;
            let distance_squared = dx * dx + dy * dy + dz * dz;
            let distance = distance_squared.sqrt();
            let magnitude = dt / (distance_squared * distance);
            a.vx -= dx * b.mass * magnitude;
            a.vy -= dy * b.mass * magnitude;
            a.vz -= dz * b.mass * magnitude;
            b.vx += dx * a.mass * magnitude;
            b.vy += dy * a.mass * magnitude;
            b.vz += dz * a.mass * magnitude;
        }
    }
    for body in bodies.iter_mut() {
        body.x += dt * body.vx;
        body.y += dt * body.vy;
        body.z += dt * body.vz;
    }
}

fn energy(bodies: &[Body; 5]) -> f64 {
    let mut energy = 0.0;
    for (i, a) in bodies.iter().enumerate() {
        energy += 0.5 * a.mass * (a.vx * a.vx + a.vy * a.vy + a.vz * a.vz);
        for b in &bodies[i + 1..] {
            let dx = a.x - b.x;
            let dy = a.y - b.y;
            let dz = a.z - b.z;
            energy -= a.mass * b.mass / (dx * dx + dy * dy + dz * dz).sqrt();
        }
    }
    energy
}

#[cfg(test)]
mod tests;
