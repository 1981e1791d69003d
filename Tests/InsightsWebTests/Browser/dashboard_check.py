#!/usr/bin/env python3
"""Drives Debian's headless Chromium through the insights dashboard like a PM would: signs in
through the login form, reads the snapshot tiles, the charts and the session tracker from the
rendered DOM, and saves screenshots. Prints one JSON object for the Swift test to assert on.

usage: dashboard_check.py BASE_URL USERNAME OUTPUT_DIR   (the password comes from $DASHBOARD_PASSWORD)
Test-only helper: needs `chromium`, `chromium-driver` (Debian) and `selenium` (pip), which
deploy/lib.sh's mf_ensure_browser installs.
"""
import json
import os
import sys

os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download a driver
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait


def browser(width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-extensions", "--no-first-run", f"--window-size={width},{height}"):
        options.add_argument(flag)
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def sign_in(driver, base, username, password, output):
    driver.get(base + "/")  # anonymous: sent to the login form
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.NAME, "username")))
    driver.save_screenshot(os.path.join(output, "login.png"))
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.ID, "sign-in").click()
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "tiles")))


def full_page_screenshot(driver, path, width):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height, 800), 6000))
    driver.save_screenshot(path)


def main():
    base, username, output = sys.argv[1], sys.argv[2], sys.argv[3]
    password = os.environ["DASHBOARD_PASSWORD"]
    os.makedirs(output, exist_ok=True)
    result = {"screenshots": []}
    driver = browser(1400, 1000)
    try:
        login_url = driver.current_url
        sign_in(driver, base, username, password, output)
        result["after_login_url"] = driver.current_url
        result["cookie_http_only"] = all(c.get("httpOnly") for c in driver.get_cookies() if c["name"] == "mf_session")
        result["session_cookie_visible_to_script"] = "mf_session" in driver.execute_script("return document.cookie")
        result["tiles"] = {
            tile.get_attribute("data-metric"): tile.find_element(By.CLASS_NAME, "value").text
            for tile in driver.find_elements(By.CSS_SELECTOR, "#tiles .tile")
        }
        result["charts"] = len(driver.find_elements(By.CSS_SELECTOR, "svg.chart"))
        result["sentiment_bars"] = [
            {"label": bar.get_attribute("data-label"), "value": bar.get_attribute("data-value")}
            for bar in driver.find_elements(By.CSS_SELECTOR, "#sentiment-chart g.bar")
        ]
        result["prep_bars"] = [
            {"label": bar.get_attribute("data-label"), "value": bar.get_attribute("data-value")}
            for bar in driver.find_elements(By.CSS_SELECTOR, "#prep-chart g.bar")
        ]
        path = os.path.join(output, "snapshot-desktop.png")
        full_page_screenshot(driver, path, 1400)
        result["screenshots"].append(path)

        driver.set_window_size(1400, 1000)
        driver.get(base + "/sessions")
        WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "tracker")))
        rows = driver.find_elements(By.CSS_SELECTOR, "#tracker tbody tr[data-flag]")
        result["tracker_rows"] = len(rows)
        result["tracker_levels"] = sorted({row.get_attribute("data-flag") for row in rows})
        result["tracker_range"] = driver.find_element(By.ID, "range").text
        colours = {}
        for row in rows:
            level = row.get_attribute("data-flag")
            if level not in colours:
                cell = row.find_element(By.CSS_SELECTOR, "td")
                colours[level] = cell.value_of_css_property("box-shadow")
        result["tracker_colours"] = colours
        red = [row for row in rows if row.get_attribute("data-flag") == "red"]
        result["red_reasons"] = red[0].find_element(By.CSS_SELECTOR, ".reasons").text if red else ""
        first_red = red[0].get_attribute("data-session") if red else None
        path = os.path.join(output, "tracker-desktop.png")
        driver.save_screenshot(path)
        result["screenshots"].append(path)

        driver.get(base + "/sessions?flag=red")
        WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "tracker")))
        result["red_filter_levels"] = sorted({row.get_attribute("data-flag") for row in driver.find_elements(By.CSS_SELECTOR, "#tracker tbody tr[data-flag]")})

        # The first red session's page, then its mentor's coaching page.
        if first_red:
            driver.get(base + "/sessions/" + first_red)
            WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "feedback")))
            result["session_page_sections"] = [s.get_attribute("id") for s in driver.find_elements(By.CSS_SELECTOR, "section[id]")]
            path = os.path.join(output, "session-desktop.png")
            full_page_screenshot(driver, path, 1400)
            result["screenshots"].append(path)
            driver.find_element(By.CSS_SELECTOR, ".subtitle a").click()
            WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "opportunities")))
            result["coaching_items"] = len(driver.find_elements(By.CSS_SELECTOR, "#opportunities .opportunity"))
            path = os.path.join(output, "mentor-desktop.png")
            full_page_screenshot(driver, path, 1400)
            result["screenshots"].append(path)
            driver.set_window_size(1400, 1000)

        driver.get(base + "/today")
        WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "red")))
        path = os.path.join(output, "today-desktop.png")
        full_page_screenshot(driver, path, 1400)
        result["screenshots"].append(path)

        # The review report, reached from the navigation, then a weekly one chosen in its form.
        driver.find_element(By.CSS_SELECTOR, "header nav a[href='/reports']").click()
        WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "what-changed")))
        result["report_title"] = driver.find_element(By.TAG_NAME, "h1").text
        result["report_sections"] = [s.get_attribute("id") for s in driver.find_elements(By.CSS_SELECTOR, "section[id]")]
        result["report_changes"] = len(driver.find_elements(By.CSS_SELECTOR, "#what-changed tbody tr"))
        path = os.path.join(output, "report-desktop.png")
        full_page_screenshot(driver, path, 1400)
        result["screenshots"].append(path)
        driver.set_window_size(1400, 1000)
        Select(driver.find_element(By.CSS_SELECTOR, "#report-form select[name='period']")).select_by_value("weekly")
        driver.find_element(By.CSS_SELECTOR, "#report-form button[type='submit']").click()
        WebDriverWait(driver, 20).until(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Weekly review"))
        result["weekly_report_title"] = driver.find_element(By.TAG_NAME, "h1").text

        # A phone: the same snapshot at 390 px wide must not need sideways scrolling.
        driver.set_window_size(390, 844)
        driver.get(base + "/")
        WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "tiles")))
        result["phone_overflow_px"] = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        path = os.path.join(output, "snapshot-phone.png")
        full_page_screenshot(driver, path, 390)
        result["screenshots"].append(path)
        result["login_url"] = login_url
    finally:
        driver.quit()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
