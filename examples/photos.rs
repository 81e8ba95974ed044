//! Makes the photos of the demo portal and of the image benchmark: scenes
//! drawn by this program (sky, paddies, roads, vegetable rows, a village
//! cultural house; noise for the texture and the grain of a phone camera),
//! so the repository holds no photo copied from anywhere. Deterministic: the
//! same command always writes the same bytes.
//!
//!     cargo run --release --example photos -- demo content
//!     cargo run --release --example photos -- bench <folder> <count>
//!
//! `demo` writes the demo's three cover photos (large JPEGs from a phone:
//! 3600 px wide, one stored on its side with an EXIF orientation and GPS
//! block, as phones do) and its inline map (a PNG). `bench` writes `count`
//! 4000 x 3000 JPEGs, `photo-0001.jpg`..., each a different scene.

use std::path::Path;
use std::process::ExitCode;

use rayon::prelude::*;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["demo", content] => demo(Path::new(content)),
        ["bench", folder, count] => match count.parse::<u32>() {
            Ok(n) => bench(Path::new(folder), n),
            Err(_) => Err(format!("`{count}` is not a number of photos")),
        },
        _ => Err("usage: photos demo <content folder> | photos bench <folder> <count>".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("photos: {e}");
            ExitCode::from(2)
        }
    }
}

fn demo(content: &Path) -> Result<(), String> {
    let road = Scene::fields(11).with_road();
    write_jpeg(
        &content.join("mo-hinh/lai-xa-duong-be-tong.jpg"),
        &road.render(3600, 2400),
        84,
        Stored::Upright,
    )?;
    let fields = Scene::fields(23).with_vegetable_rows();
    write_jpeg(
        &content.join("mo-hinh/thanh-mien-canh-dong.jpg"),
        &fields.render(3600, 2400),
        84,
        Stored::OnItsSide,
    )?;
    let house = Scene::house(37);
    write_jpeg(
        &content.join("tin-tuc/nha-van-hoa-thon.jpg"),
        &house.render(3200, 2400),
        84,
        Stored::Upright,
    )?;
    write_png(
        &content.join("mo-hinh/lai-xa-so-do-tuyen-duong.png"),
        &map(1600, 1000),
    )
}

fn bench(folder: &Path, count: u32) -> Result<(), String> {
    std::fs::create_dir_all(folder).map_err(|e| e.to_string())?;
    for i in 1..=count {
        let seed = 1000 + u64::from(i);
        let scene = match i % 3 {
            0 => Scene::house(seed),
            1 => Scene::fields(seed).with_road(),
            _ => Scene::fields(seed).with_vegetable_rows(),
        };
        write_jpeg(
            &folder.join(format!("photo-{i:04}.jpg")),
            &scene.render(4000, 3000),
            88,
            Stored::Upright,
        )?;
    }
    Ok(())
}

/// An RGB picture.
struct Picture {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

type Rgb = [f32; 3];

fn mix(a: Rgb, b: Rgb, t: f32) -> Rgb {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn shade(c: Rgb, f: f32) -> Rgb {
    [c[0] * f, c[1] * f, c[2] * f]
}

/// A number in [0, 1) from integer coordinates and a seed.
fn hash(x: i64, y: i64, seed: u64) -> f32 {
    let mut h = (x as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
        ^ (y as u64).wrapping_mul(0xc2b2_ae3d_27d4_eb4f)
        ^ seed.wrapping_mul(0x1656_67b1_9e37_79f9);
    h ^= h >> 31;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 29;
    (h >> 40) as f32 / (1u64 << 24) as f32
}

/// Smooth noise in [0, 1].
fn noise(x: f32, y: f32, seed: u64) -> f32 {
    let (xi, yi) = (x.floor(), y.floor());
    let (fx, fy) = (x - xi, y - yi);
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let (xi, yi) = (xi as i64, yi as i64);
    let a = hash(xi, yi, seed);
    let b = hash(xi + 1, yi, seed);
    let c = hash(xi, yi + 1, seed);
    let d = hash(xi + 1, yi + 1, seed);
    let top = a + (b - a) * sx;
    let bottom = c + (d - c) * sx;
    top + (bottom - top) * sy
}

/// Fractal noise: `octaves` layers of noise, each twice as fine and half as strong.
fn fbm(x: f32, y: f32, octaves: u32, seed: u64) -> f32 {
    let (mut sum, mut amp, mut freq, mut norm) = (0.0, 1.0, 1.0, 0.0);
    for o in 0..octaves {
        sum += noise(x * freq, y * freq, seed + u64::from(o)) * amp;
        norm += amp;
        amp *= 0.5;
        freq *= 2.0;
    }
    sum / norm
}

#[derive(Clone, Copy)]
enum Kind {
    /// Paddies to the horizon, with a concrete road or vegetable rows.
    Fields { road: bool, rows: bool },
    /// A village cultural house across its yard.
    House,
}

#[derive(Clone, Copy)]
struct Scene {
    seed: u64,
    kind: Kind,
}

impl Scene {
    fn fields(seed: u64) -> Scene {
        Scene {
            seed,
            kind: Kind::Fields {
                road: false,
                rows: false,
            },
        }
    }

    fn house(seed: u64) -> Scene {
        Scene {
            seed,
            kind: Kind::House,
        }
    }

    fn with_road(mut self) -> Scene {
        self.kind = Kind::Fields {
            road: true,
            rows: false,
        };
        self
    }

    fn with_vegetable_rows(mut self) -> Scene {
        self.kind = Kind::Fields {
            road: false,
            rows: true,
        };
        self
    }

    fn render(&self, width: u32, height: u32) -> Picture {
        let mut pixels = vec![0u8; width as usize * height as usize * 3];
        pixels
            .par_chunks_mut(width as usize * 3)
            .enumerate()
            .for_each(|(y, row)| {
                for x in 0..width as usize {
                    let u = x as f32 / width as f32;
                    let v = y as f32 / height as f32;
                    let aspect = width as f32 / height as f32;
                    let c = match self.kind {
                        Kind::Fields { road, rows } => self.field(u, v, aspect, road, rows),
                        Kind::House => self.house_pixel(u, v, aspect),
                    };
                    // A phone's sensor grain, and the darker corners of its lens.
                    let grain = (hash(x as i64, y as i64, self.seed ^ 0x5eed) - 0.5) * 9.0;
                    let (du, dv) = (u - 0.5, v - 0.5);
                    let vignette = 1.0 - 0.28 * (du * du + dv * dv) * 2.0;
                    for (i, channel) in c.iter().enumerate() {
                        let value = channel * vignette * 255.0 + grain;
                        row[x * 3 + i] = value.clamp(0.0, 255.0) as u8;
                    }
                }
            });
        Picture {
            width,
            height,
            pixels,
        }
    }

    fn sky(&self, u: f32, v: f32, horizon: f32, aspect: f32) -> Rgb {
        let top = [0.33, 0.55, 0.82];
        let haze = [0.86, 0.89, 0.9];
        let mut c = mix(top, haze, (v / horizon).powf(1.6));
        let clouds = fbm(u * 3.0 * aspect, v * 9.0, 5, self.seed + 7);
        let cover = ((clouds - 0.52) * 3.2).clamp(0.0, 1.0);
        c = mix(c, [0.97, 0.97, 0.96], cover * 0.85);
        // The sun, low on the right.
        let (du, dv) = ((u - 0.78) * aspect, v - horizon * 0.45);
        let glow = (-(du * du + dv * dv) * 30.0).exp();
        mix(c, [1.0, 0.97, 0.88], glow * 0.8)
    }

    /// Paddies seen from a road's edge: the ground in perspective, plots
    /// separated by low banks, a tree line on the horizon.
    fn field(&self, u: f32, v: f32, aspect: f32, road: bool, rows: bool) -> Rgb {
        let horizon = 0.40 + (noise(self.seed as f32, 0.5, 3) - 0.5) * 0.06;
        let trees = 0.025 + 0.035 * fbm(u * 14.0, 0.0, 4, self.seed + 11);
        if v < horizon - trees {
            return self.sky(u, v, horizon, aspect);
        }
        if v < horizon {
            let n = fbm(u * 90.0, v * 60.0, 4, self.seed + 13);
            return shade([0.16, 0.27, 0.15], 0.7 + 0.6 * n);
        }
        // Ground coordinates: depth grows toward the horizon.
        let dy = (v - horizon).max(1e-4);
        // Standing on the road, looking along it; over the fields, from higher up.
        let camera = if road { 0.35 } else { 1.6 };
        let depth = camera / dy;
        let vanish = 0.52 + (hash(self.seed as i64, 1, 5) - 0.5) * 0.12;
        let gx = (u - vanish) * aspect * depth;
        let fog = 1.0 - (-depth * 0.035).exp();
        let sky_haze = [0.8, 0.84, 0.85];
        let detail = (camera * 3.0 / depth).min(1.0);

        if road && gx.abs() < 0.55 {
            // Concrete slabs, 3 units long, with a joint between them.
            let grit = fbm(gx * 60.0, depth * 25.0, 3, self.seed + 19);
            let stain = fbm(gx * 3.0, depth * 1.5, 3, self.seed + 17);
            let mut c = shade([0.68, 0.68, 0.65], 0.8 + 0.2 * grit * detail + 0.15 * stain);
            if (depth / 3.0).fract() < 0.012 / detail.max(0.05) * 0.2 {
                c = shade(c, 0.72);
            }
            if gx.abs() > 0.5 {
                c = [0.38, 0.45, 0.28];
            }
            return mix(c, sky_haze, fog);
        }
        // Plots of 4 x 3 ground units, each with its own crop and tone,
        // between low grassy banks.
        let (pw, pd) = (4.0, 3.0);
        let (px, pz) = ((gx / pw).floor(), (depth / pd).floor());
        let (bx, bz) = ((gx / pw - px) * pw, (depth / pd - pz) * pd);
        let plot_seed = hash(px as i64, pz as i64, self.seed);
        let on_bank = bx < 0.18 || bz < 0.14;
        let mut c: Rgb = if on_bank {
            [0.5, 0.55, 0.32]
        } else if rows && plot_seed < 0.6 {
            // Vegetables in rows along the plot, soil between them.
            let stripe = ((gx * 12.0).sin() * 0.5 + 0.5).powf(1.5);
            let soil = [0.45, 0.34, 0.24];
            let leaf = if plot_seed < 0.3 {
                [0.26, 0.48, 0.2]
            } else {
                [0.44, 0.57, 0.22]
            };
            mix(soil, leaf, mix([stripe; 3], [0.5; 3], 1.0 - detail)[0])
        } else if plot_seed > 0.9 {
            // A flooded paddy, reflecting the sky.
            mix(
                [0.6, 0.68, 0.72],
                [0.4, 0.5, 0.3],
                fbm(gx * 4.0, depth * 4.0, 3, self.seed + 29) * 0.5,
            )
        } else {
            // Rice, planted in rows.
            let young = [0.45, 0.66, 0.24];
            let ripe = [0.7, 0.68, 0.3];
            let row = ((gx * 14.0).sin() * 0.5 + 0.5) * detail;
            shade(mix(young, ripe, plot_seed * 0.6), 0.9 + 0.12 * row)
        };
        let texture = fbm(gx * 8.0, depth * 6.0, 4, self.seed + 23);
        c = shade(c, 0.82 + 0.3 * texture * detail + 0.15 * (1.0 - detail));
        mix(c, sky_haze, fog)
    }

    /// A village cultural house: a pale facade under a red tiled roof, a
    /// banner over the door, trees at both sides, a concrete yard.
    fn house_pixel(&self, u: f32, v: f32, aspect: f32) -> Rgb {
        let ground = 0.66;
        let (left, right) = (0.22, 0.78);
        let (eave, ridge) = (0.36, 0.2);
        let x = (u - 0.5) * aspect;
        // Trees either side of the house.
        for (cu, cv, r) in [
            (0.1f32, 0.44f32, 0.2f32),
            (0.91, 0.42, 0.22),
            (0.02, 0.52, 0.14),
        ] {
            let (dx, dy) = ((u - cu) * aspect, v - cv);
            let wobble = fbm(u * 30.0, v * 30.0, 3, self.seed + 31) * 0.07;
            if dx * dx + dy * dy < (r + wobble) * (r + wobble) {
                let n = fbm(u * 70.0, v * 70.0, 4, self.seed + 33);
                return shade([0.2, 0.38, 0.17], 0.65 + 0.6 * n);
            }
        }
        let half = (right - left) / 2.0 * aspect;
        let roof_slope = (eave - ridge) / (half + 0.06);
        let roof_top = ridge + roof_slope * x.abs();
        if v >= roof_top && v < eave && x.abs() < half + 0.06 {
            // Tiles: rows and a little noise.
            let row = ((v - roof_top) * 120.0).fract() < 0.15;
            let n = fbm(u * 200.0, v * 80.0, 3, self.seed + 35);
            let c = shade([0.66, 0.22, 0.14], 0.8 + 0.3 * n);
            return if row { shade(c, 0.75) } else { c };
        }
        if v >= eave && v < ground && u > left && u < right {
            let n = fbm(u * 50.0, v * 50.0, 3, self.seed + 37);
            let wall = shade([0.93, 0.86, 0.62], 0.88 + 0.15 * n);
            // Columns across the front.
            let column = ((u - left) / (right - left) * 6.0).fract() < 0.07;
            // The banner and the door.
            if v > eave + 0.03 && v < eave + 0.09 && u > 0.34 && u < 0.66 {
                let letters = v > eave + 0.045
                    && v < eave + 0.075
                    && ((u - 0.36) * 60.0).fract() < 0.55
                    && u < 0.64;
                return if letters {
                    [0.98, 0.9, 0.4]
                } else {
                    [0.72, 0.1, 0.1]
                };
            }
            if v > eave + 0.13 && u > 0.45 && u < 0.55 {
                return shade([0.42, 0.25, 0.14], 0.9 + 0.1 * n);
            }
            let window = v > eave + 0.13
                && v < eave + 0.22
                && (((u - left) / (right - left) * 6.0).fract() - 0.5).abs() < 0.22;
            if window && !(u > 0.42 && u < 0.58) {
                return [0.25, 0.33, 0.38];
            }
            return if column { shade(wall, 1.07) } else { wall };
        }
        if v >= ground {
            let n = fbm(u * 40.0 * aspect, v * 90.0, 4, self.seed + 39);
            // Paving slabs in perspective.
            let joint = (x / (v - 0.55) * 2.0).rem_euclid(1.0) < 0.03
                || (1.0 / (v - 0.6)).rem_euclid(1.0) < 0.06;
            let c = shade([0.72, 0.71, 0.68], 0.85 + 0.25 * n);
            return if joint { shade(c, 0.85) } else { c };
        }
        self.sky(u, v, ground, aspect)
    }
}

/// How the photo is stored in its file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stored {
    Upright,
    /// Turned a quarter to the left, with EXIF orientation 6 ("turn right to
    /// view") and a GPS position, as a phone held upright saves a photo.
    OnItsSide,
}

fn write_jpeg(path: &Path, picture: &Picture, quality: u8, stored: Stored) -> Result<(), String> {
    let (width, height, pixels) = match stored {
        Stored::Upright => (picture.width, picture.height, picture.pixels.clone()),
        Stored::OnItsSide => (picture.height, picture.width, turn_left(picture)),
    };
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
    if stored == Stored::OnItsSide {
        encoder
            .add_app_segment(1, exif_block(6))
            .map_err(|e| e.to_string())?;
    }
    let w = u16::try_from(width).map_err(|_| "too wide")?;
    let h = u16::try_from(height).map_err(|_| "too tall")?;
    encoder
        .encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    save(path, &out)
}

fn write_png(path: &Path, picture: &Picture) -> Result<(), String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(
        &picture.pixels,
        picture.width,
        picture.height,
        image::ExtendedColorType::Rgb8,
    )
    .map_err(|e| e.to_string())?;
    save(path, &out)
}

fn save(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("{} ({} KB)", path.display(), bytes.len() / 1024);
    Ok(())
}

/// The picture turned a quarter turn to the left (counter-clockwise).
fn turn_left(p: &Picture) -> Vec<u8> {
    let (w, h) = (p.width as usize, p.height as usize);
    let mut out = vec![0u8; w * h * 3];
    for y in 0..h {
        for x in 0..w {
            // Stored size h x w: the pixel (x, y) goes to (y, w - 1 - x).
            let (sx, sy) = (y, w - 1 - x);
            let to = (sy * h + sx) * 3;
            let from = (y * w + x) * 3;
            out[to..to + 3].copy_from_slice(&p.pixels[from..from + 3]);
        }
    }
    out
}

/// An APP1 Exif block: the camera, the orientation, and a GPS position (in
/// Thanh Miện district) that the published variants must not carry.
fn exif_block(orientation: u16) -> Vec<u8> {
    let make = b"kheo demo camera\0";
    // IFD0: Make (ASCII, stored after the IFDs), Orientation, GPS pointer.
    let ifd0_len = 2 + 3 * 12 + 4;
    let gps_at = 8 + ifd0_len;
    let gps_len = 2 + 2 * 12 + 4;
    let make_at = gps_at + gps_len;
    let latitude_at = make_at + make.len();
    let mut t = b"II*\0".to_vec();
    t.extend(8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value);
    };
    t.extend(3u16.to_le_bytes());
    entry(
        &mut t,
        0x010f,
        2,
        make.len() as u32,
        (make_at as u32).to_le_bytes(),
    );
    let o = orientation.to_le_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    entry(&mut t, 0x8825, 4, 1, (gps_at as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    // GPS IFD: latitude reference and latitude (20° 44' N).
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, (latitude_at as u32).to_le_bytes());
    t.extend(0u32.to_le_bytes());
    t.extend(make);
    for (num, den) in [(20u32, 1u32), (44, 1), (0, 1)] {
        t.extend(num.to_le_bytes());
        t.extend(den.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(t);
    app1
}

/// A map of the field roads of Lại Xá, drawn flat like a planning sketch:
/// plots, canals, the new concrete road, the village.
fn map(width: u32, height: u32) -> Picture {
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    let (w, h) = (width as f32, height as f32);
    // The new road: a polyline across the fields, in map units (0..1).
    let road = [
        (0.06, 0.18),
        (0.34, 0.22),
        (0.52, 0.46),
        (0.78, 0.52),
        (0.95, 0.84),
    ];
    let canal = [(0.0, 0.7), (0.3, 0.64), (0.6, 0.78), (1.0, 0.72)];
    pixels
        .par_chunks_mut(width as usize * 3)
        .enumerate()
        .for_each(|(y, row)| {
            for x in 0..width as usize {
                let (u, v) = (x as f32 / w, y as f32 / h);
                let pu = u * w / h;
                let road_d = distance_to(&road, u, v, w / h);
                let canal_d = distance_to(&canal, u, v, w / h);
                let plot = ((u * 12.0).floor() as i64, (v * 8.0).floor() as i64);
                let edge = (u * 12.0).fract() < 0.03 || (v * 8.0).fract() < 0.045;
                let village = (pu - 0.25).powi(2) + (v - 0.8).powi(2) < 0.012;
                let mut c: [u8; 3] = if edge {
                    [233, 226, 200]
                } else if hash(plot.0, plot.1, 3) < 0.35 {
                    [170, 205, 120]
                } else if hash(plot.0, plot.1, 3) < 0.6 {
                    [205, 215, 130]
                } else {
                    [145, 190, 110]
                };
                if village {
                    let house = (u * 60.0).fract() < 0.5 && (v * 40.0).fract() < 0.5;
                    c = if house {
                        [190, 70, 55]
                    } else {
                        [235, 225, 205]
                    };
                }
                if canal_d < 0.008 {
                    c = [90, 150, 200];
                }
                if road_d < 0.011 {
                    c = [95, 95, 100];
                    if road_d < 0.0016 && ((u + v) * 90.0).fract() < 0.5 {
                        c = [250, 250, 250];
                    }
                }
                // A north arrow in the corner.
                let (ax, ay) = (pu - 1.5, v - 0.12);
                if ay.abs() < 0.07 && ax.abs() < 0.035 * (ay + 0.07) / 0.14 {
                    c = [60, 60, 60];
                }
                row[x * 3..x * 3 + 3].copy_from_slice(&c);
            }
        });
    Picture {
        width,
        height,
        pixels,
    }
}

/// Distance from (u, v) to a polyline, with x scaled by `aspect`.
fn distance_to(line: &[(f32, f32)], u: f32, v: f32, aspect: f32) -> f32 {
    line.windows(2)
        .map(|s| {
            let (ax, ay) = (s[0].0 * aspect, s[0].1);
            let (bx, by) = (s[1].0 * aspect, s[1].1);
            let (px, py) = (u * aspect, v);
            let (dx, dy) = (bx - ax, by - ay);
            let t = (((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)).clamp(0.0, 1.0);
            let (cx, cy) = (ax + t * dx - px, ay + t * dy - py);
            (cx * cx + cy * cy).sqrt()
        })
        .fold(f32::MAX, f32::min)
}
