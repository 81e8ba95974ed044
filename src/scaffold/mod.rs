//! Files kheo writes for editors, as opposed to the site it builds: a whole
//! new site to start from (`kheo init`) and a new article with its front
//! matter filled in (`kheo new`).

pub mod init;
pub mod new_article;
pub(crate) mod yaml_text;
